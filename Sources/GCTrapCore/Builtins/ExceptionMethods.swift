// BaseException's native slots.

extension Builtins {

    static let exceptionMethods: [BuiltinFunction] = [
        BuiltinFunction("__init__", .exception, .unchecked) { m, call in
            let args = call.values
            guard let slf = args.first, case .obj(let e) = slf else { return .none }
            // `Exception.__init__(self, msg)` calls a slot wrapper: it has no vectorcall, so
            // CPython packs all arguments (self included) into a tuple, then slices off self
            // into the new `args` tuple; the first is freed after (measured +1 on 3.11-3.13).
            m.hold(.tuple, size: args.count)
            let rest = Array(args.dropFirst())
            for v in rest { m.incref(v) }
            let t = m.makeTuple(rest)
            m.setInstanceAttr(e, m.program.known.args, t)
            m.unhold(.tuple, size: args.count)
            return .none
        },
    ]
}
