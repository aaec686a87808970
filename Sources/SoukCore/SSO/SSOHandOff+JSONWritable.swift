/// Written by hand: every hand-off is encoded, and the Codable path cost a tenth of one.
extension SSOHandOff: JSONWritable {
    func writeJSON(to writer: inout JSONByteWriter) throws {
        writer.append("{\"method\":")
        writer.string(method.rawValue)
        writer.append(",\"action\":")
        writer.string(action)
        writer.append(",\"params\":{")
        for (index, (name, value)) in params.sorted(by: { $0.key < $1.key }).enumerated() {
            if index > 0 { writer.append(UInt8(ascii: ",")) }
            writer.string(name)
            writer.append(UInt8(ascii: ":"))
            writer.string(value)
        }
        writer.append("}}")
    }
}
