// Every code object's instructions and constants in buffers that live as long as the
// Program's machines, so the dispatch loop reads them through a pointer: switching frames
// (each call and return) then retains and releases nothing, and fetching an instruction
// checks no array bounds (a code object always ends in a return, so its ip stays inside).

final class CodeTable: @unchecked Sendable {
    let instrs: UnsafeMutablePointer<UnsafeMutablePointer<Instr>>
    let consts: UnsafeMutablePointer<UnsafeMutablePointer<Value>>
    /// Each code object's module (index into Program.modules): read at every frame switch,
    /// where an Array subscript is an out-of-line call.
    let modules: UnsafeMutablePointer<Int>
    private let sizes: [(instrs: Int, consts: Int)]

    init(_ codes: [CodeObject]) {
        instrs = .allocate(capacity: max(1, codes.count))
        consts = .allocate(capacity: max(1, codes.count))
        modules = .allocate(capacity: max(1, codes.count))
        sizes = codes.map { ($0.instrs.count, $0.consts.count) }
        for (i, c) in codes.enumerated() {
            let ins = UnsafeMutablePointer<Instr>.allocate(capacity: max(1, c.instrs.count))
            ins.initialize(from: c.instrs, count: c.instrs.count)
            instrs[i] = ins
            let k = UnsafeMutablePointer<Value>.allocate(capacity: max(1, c.consts.count))
            k.initialize(from: c.consts, count: c.consts.count)
            consts[i] = k
            modules[i] = c.module
        }
    }

    deinit {
        for (i, n) in sizes.enumerated() {
            instrs[i].deinitialize(count: n.instrs)
            instrs[i].deallocate()
            consts[i].deinitialize(count: n.consts)
            consts[i].deallocate()
        }
        instrs.deallocate()
        consts.deallocate()
        modules.deallocate()
    }
}
