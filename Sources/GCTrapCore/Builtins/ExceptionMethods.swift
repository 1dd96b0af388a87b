// BaseException's native slots.

extension Builtins {

    static let exceptionMethods: [BuiltinFunction] = [
        BuiltinFunction("__init__", .exception, .unchecked) { m, call in
            let args = call.values
            guard let slf = args.first, case .obj(let e) = slf else { return .none }
            // `Exception.__init__(self, msg)` calls a slot wrapper: it has no vectorcall, so
            // CPython packs all arguments (self included) into a tuple, then slices off self
            // into the new `args` tuple; the first is freed after (measured +1 on 3.11-3.13).
            // Through super() on 3.11 (a method-wrapper), the arguments' tuple itself becomes
            // `args`: no tuple with self (measured: +4 for an exception whose __init__ calls
            // super().__init__(msg) and sets one attribute, against +5 by name).
            let wrapped = m.slotCallThroughWrapper
            m.slotCallThroughWrapper = false
            if !wrapped { m.hold(.tuple, size: args.count) }
            let rest = Array(args.dropFirst())
            for v in rest { m.incref(v) }
            let t = m.makeTuple(rest)
            m.setInstanceAttr(e, m.program.known.args, t)
            if !wrapped { m.unhold(.tuple, size: args.count) }
            return .none
        },
        BuiltinFunction("__init__", .object, .unchecked) { m, call in
            // object.__init__ reached by super().__init__(...) from a class whose bases
            // define none: it takes the instance only
            let wrapped = m.slotCallThroughWrapper
            m.slotCallThroughWrapper = false
            if call.values.count > 1 {
                throw m.raiseNew(m.classes.typeError, "object.__init__() takes exactly one argument (the instance to initialize)")
            }
            // specialized (3.12+): the wrapper descriptor is called with a tuple of self
            if !wrapped { m.transient(.tuple, size: call.values.count) }
            return .none
        },
    ]
}
