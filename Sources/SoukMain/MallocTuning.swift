#if canImport(Glibc)
    import Glibc
#endif

/// How the server asks glibc's allocator to hand memory back. By default glibc gives each busy thread an
/// arena of its own (up to eight per core) and raises its mmap threshold after every large block freed, so
/// that the large buffers of a month close or a big fan-out end up in arenas that keep the pages once they
/// are freed: a full `scripts/bench` left the server at 151 MiB. Two arenas, and blocks of 256 KiB and more
/// always mapped on their own (so returned to the system when freed), keep the heap near what is in use.
enum MallocTuning {
    static func apply() {
        #if canImport(Glibc)
            typealias Mallopt = @convention(c) (Int32, Int32) -> Int32
            guard let mallopt = function("mallopt", as: Mallopt.self) else { return }
            // malloc.h's M_ARENA_MAX and M_MMAP_THRESHOLD.
            _ = mallopt(-8, 2)
            _ = mallopt(-3, 256 * 1024)
        #endif
    }

    /// Hands the arenas' free pages back every `interval`, until cancelled. glibc returns an arena's memory by
    /// itself only from its top: pages freed below a block still in use stay with the process, so the bursts of
    /// many admin pages, installs or a fan-out at once left the server about 40 MiB above what it used (132 MiB
    /// at the end of `scripts/bench 2 1000000 10000 0 0`, 87 and 91 with this). `malloc_trim` walks the arenas'
    /// free blocks and returns the whole pages in them.
    static func trimPeriodically(every interval: Duration = .seconds(10)) async {
        #if canImport(Glibc)
            typealias MallocTrim = @convention(c) (Int) -> Int32
            guard let mallocTrim = function("malloc_trim", as: MallocTrim.self) else { return }
            while (try? await Task.sleep(for: interval)) != nil {
                _ = mallocTrim(0)
            }
        #endif
    }

    #if canImport(Glibc)
        /// A function of the C library by name: Swift's Glibc module leaves malloc.h out, but the library has it.
        private static func function<Function>(_ name: String, as type: Function.Type) -> Function? {
            dlsym(dlopen(nil, RTLD_NOW), name).map { unsafeBitCast($0, to: type) }
        }
    #endif
}
