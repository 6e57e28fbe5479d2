// A CSV file truncated while it is mapped must give a message, not kill msoko.
//
// The reader maps the file (`CSVMappedFile`) and drops pages behind the parse, so they are read
// from the file again when touched again. If another program shortens the file meanwhile
// (`cp new.csv data.csv` truncates, then writes), a read of a page past the new end raises
// SIGBUS, whose default action ends the process. This guard catches exactly those faults:
//
//  - A SIGBUS handler is installed once, process-wide, when the first file is mapped.
//  - Live mappings are registered in a small fixed table of slots (start, end, truncated flag).
//  - A fault inside a registered mapping gets an anonymous zero page mapped over the faulting
//    page and the mapping's flag set; the handler returns, the read is retried and sees zeros.
//    The reader checks the flag after each pass and fails the whole load with a message.
//  - A fault anywhere else restores the previous action and returns: the fault happens again
//    and crashes (or reaches the previous handler) as it would have without us.
//
// The handler must be async-signal-safe: it allocates nothing, takes no lock and touches only
// the slot table, which is allocated (and its global initialised) before the handler is
// installed, and the saved previous action. Slots are `Atomic` words (Synchronization): the
// handler may run on any thread that reads a mapping (the parse runs on two).

import Foundation

#if os(Linux)
import Glibc
import Synchronization

enum CSVMappingGuard {
    /// Mappings alive at once; more than this (many loads in parallel) are read, not mapped.
    static let slotCount = 64

    /// 3 words a slot: start, end (0: the slot is free), truncated (0 or 1). Allocated once and
    /// never freed, so the handler can read it at any time without a lock.
    nonisolated(unsafe) static let slots: UnsafeMutablePointer<Atomic<UInt>> = {
        let words = UnsafeMutablePointer<Atomic<UInt>>.allocate(capacity: slotCount * 3)
        for index in 0..<(slotCount * 3) { (words + index).initialize(to: Atomic(0)) }
        return words
    }()

    /// The action SIGBUS had before ours, restored for faults that are not ours.
    nonisolated(unsafe) static let previous: UnsafeMutablePointer<sigaction> = {
        let action = UnsafeMutablePointer<sigaction>.allocate(capacity: 1)
        action.initialize(to: sigaction())
        return action
    }()

    nonisolated(unsafe) static let pageMask: UInt = ~(UInt(max(4096, Int(sysconf(Int32(_SC_PAGESIZE))))) - 1)

    /// Registration and installation are serialised; the handler never takes this lock.
    private static let lock = NSLock()
    nonisolated(unsafe) private static var installed = false

    /// Registers `count` bytes at `start`; returns the slot, or nil when every slot is taken
    /// (the caller then reads the file instead of mapping it).
    static func register(start: UnsafeMutableRawPointer, count: Int) -> Int? {
        lock.lock()
        defer { lock.unlock() }
        // Touch the globals first: their lazy initialisation must not happen inside the handler.
        let words = slots
        _ = previous
        _ = pageMask
        if !installed {
            guard install() else { return nil }
            installed = true
        }
        for slot in 0..<slotCount where words[slot * 3 + 1].load(ordering: .acquiring) == 0 {
            let begin = UInt(bitPattern: start)
            words[slot * 3].store(begin, ordering: .relaxed)
            words[slot * 3 + 2].store(0, ordering: .relaxed)
            // `end` last, releasing: a handler that sees it non-zero sees its start and flag.
            words[slot * 3 + 1].store(begin + UInt(count), ordering: .releasing)
            return slot
        }
        return nil
    }

    /// Frees the slot; called before the mapping is unmapped.
    static func unregister(_ slot: Int) {
        lock.lock()
        defer { lock.unlock() }
        slots[slot * 3 + 1].store(0, ordering: .releasing)
    }

    /// Whether a read of the slot's mapping hit a page past the end of the file.
    static func truncated(_ slot: Int) -> Bool {
        slots[slot * 3 + 2].load(ordering: .acquiring) != 0
    }

    /// Installs the handler, saving the previous action. False if `sigaction` refuses.
    private static func install() -> Bool {
        var action = sigaction()
        action.__sigaction_handler.sa_sigaction = csvMappingFault
        action.sa_flags = SA_SIGINFO
        sigemptyset(&action.sa_mask)
        return sigaction(SIGBUS, &action, previous) == 0
    }
}

/// The SIGBUS handler. Async-signal-safe: atomic loads and stores on preallocated memory, one
/// `mmap` or one `sigaction` (system calls), nothing that allocates or locks.
private func csvMappingFault(_ signal: Int32, _ info: UnsafeMutablePointer<siginfo_t>?,
                             _ context: UnsafeMutableRawPointer?) {
    if let info, info.pointee.si_code > 0 {  // a fault, not a SIGBUS sent by kill
        let address = UInt(bitPattern: info.pointee._sifields._sigfault.si_addr)
        let words = CSVMappingGuard.slots
        for slot in 0..<CSVMappingGuard.slotCount {
            let end = words[slot * 3 + 1].load(ordering: .acquiring)
            guard end != 0, address < end, address >= words[slot * 3].load(ordering: .relaxed) else { continue }
            let page = UnsafeMutableRawPointer(bitPattern: address & CSVMappingGuard.pageMask)
            let zero = mmap(page, Int(~CSVMappingGuard.pageMask) + 1, PROT_READ,
                            MAP_FIXED | MAP_PRIVATE | MAP_ANONYMOUS, -1, 0)
            // If the zero page cannot be mapped the fault would repeat forever: let it crash.
            guard zero != MAP_FAILED else { break }
            words[slot * 3 + 2].store(1, ordering: .releasing)
            return
        }
    }
    // Not ours: give SIGBUS back to whoever had it. A fault repeats on return and gets the
    // previous action (by default the crash).
    let previous = CSVMappingGuard.previous
    sigaction(SIGBUS, previous, nil)
    guard (info?.pointee.si_code ?? 0) <= 0 else { return }
    // A sent SIGBUS does not repeat: hand it on now, to the previous handler as it would have
    // been called (Swift's backtracer, if installed, reports it as a crash), or by default.
    let handler = unsafeBitCast(previous.pointee.__sigaction_handler.sa_handler, to: Int.self)
    if handler == 1 { return }  // SIG_IGN
    if handler != 0, previous.pointee.sa_flags & SA_SIGINFO != 0,
       let chained = previous.pointee.__sigaction_handler.sa_sigaction {
        chained(signal, info, context)
    } else if handler != 0, let chained = previous.pointee.__sigaction_handler.sa_handler {
        chained(signal)
    } else {
        raise(SIGBUS)  // SIG_DFL: delivered when we return, and ends the process
    }
}

#else
// Elsewhere (macOS: `Atomic` needs macOS 15, the package supports 13; untested there) mappings
// stay unguarded, as before the guard: every mapping gets slot 0 and never reads as faulted.
enum CSVMappingGuard {
    static let slotCount = 64
    static func register(start: UnsafeMutableRawPointer, count: Int) -> Int? { 0 }
    static func unregister(_ slot: Int) {}
    static func truncated(_ slot: Int) -> Bool { false }
}
#endif
