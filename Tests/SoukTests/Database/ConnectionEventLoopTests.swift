import Foundation
import Logging
import PostgresNIO
import Testing

@testable import SoukStore

/// A lease's work runs on its connection's event loop (`EventLoopTaskExecutor`): each statement is written and
/// its answer read on the thread that owns the socket, with no hop through the global executor in between.
@Suite("Database: a lease's work runs on its connection's event loop", .soukDatabase)
struct ConnectionEventLoopTests {
    /// Whether the current thread is the loop of `connection`'s socket.
    private func onItsLoop(_ connection: DatabaseConnection) -> Bool {
        connection.base.eventLoop.inEventLoop
    }

    @Test("Before, between and after statements, in a lease, a transaction and their child tasks")
    func onTheLoop() async throws {
        try await withTestDatabase(SoukDatabase.current) { database in
            let logger = TestDatabase.logger
            let seen = try await database.withConnection { connection in
                var seen = [onItsLoop(connection)]
                for try await value in try await connection.query("SELECT 1", logger: logger).decode(Int.self) {
                    seen.append(value == 1 && onItsLoop(connection))
                }
                async let child = onItsLoop(connection)
                seen.append(await child)
                return seen
            }
            #expect(seen == [true, true, true])

            let inTransaction = try await database.transaction(logger: logger) { connection in
                try await connection.query("SELECT 1", logger: logger)
                let afterStatement = onItsLoop(connection)
                try await connection.query("SELECT 2", logger: logger)
                return [afterStatement, onItsLoop(connection)]
            }
            #expect(inTransaction == [true, true])
        }
    }

    @Test("What the work gives back, and what it throws, reach the caller")
    func results() async throws {
        try await withTestDatabase(SoukDatabase.current) { database in
            /// Not `Sendable`: the lease hands it over because its body gave it up.
            final class Box {
                var values: [Int] = []
            }
            let box = try await database.withConnection { connection in
                let box = Box()
                for try await value in try await connection.query("SELECT 7", logger: TestDatabase.logger)
                    .decode(Int.self)
                {
                    box.values.append(value)
                }
                return box
            }
            #expect(box.values == [7])

            struct Refused: Error {}
            await #expect(throws: Refused.self) {
                try await database.withConnection { _ in throw Refused() }
            }
            // The connection went back to the pool and serves the next lease.
            let answer = try await database.withConnection { connection in
                try await connection.query("SELECT 42", logger: TestDatabase.logger)
            }
            var answers: [Int] = []
            for try await value in answer.decode(Int.self) { answers.append(value) }
            #expect(answers == [42])
        }
    }
}
