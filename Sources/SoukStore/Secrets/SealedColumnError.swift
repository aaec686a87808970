/// A row's context columns didn't read as what its `SealedColumn` expects.
enum SealedColumnError: Error {
    case unreadableContext
}
