import Foundation
import SoukCore

/// `--json`: the platform's objects, pretty-printed, exactly as the API answered them.
public enum JSONOutput {
    public static func print(_ value: some Encodable) throws {
        let encoder = SoukJSON.makeEncoder()
        encoder.outputFormatting.insert(.prettyPrinted)
        Terminal.print(String(decoding: try encoder.encode(value), as: UTF8.self))
    }
}
