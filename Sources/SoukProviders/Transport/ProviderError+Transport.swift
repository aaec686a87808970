import AsyncHTTPClient
import NIOCore
import NIOHTTP1
import NIOPosix

extension ProviderError {
    /// Sorts what AsyncHTTPClient and NIO throw into the outcomes the caller acts on.
    init(transportError error: any Error) {
        switch error {
        case let error as ProviderError:
            self = error
        case let error as HTTPClientError:
            switch error {
            case .deadlineExceeded, .readTimeout, .writeTimeout:
                self = .timedOut
            case .connectTimeout, .tlsHandshakeTimeout:
                self = .unreachable("no connection within the connect timeout")
            case .remoteConnectionClosed:
                self = .unreachable("the provider closed the connection before answering completely")
            case .cancelled:
                self = .unreachable("the call was cancelled")
            default:
                self = .unreachable("\(error)")
            }
        case is NIOTooManyBytesError:
            self = .invalidResponse("the body is larger than the size cap")
        case let error as HTTPParserError:
            self = .invalidResponse("not an HTTP answer (\(error))")
        case let error as NIOConnectionError:
            // DNS failures and refused connections both land here
            self = .unreachable("could not connect to \(error.host):\(error.port) (\(error))")
        case let error as IOError:
            self = .unreachable("\(error)")
        case let error as ChannelError:
            self = .unreachable("\(error)")
        case is CancellationError:
            self = .unreachable("the call was cancelled")
        default:
            self = .unreachable("\(error)")
        }
    }
}
