// import: the native modules (gc, gctrap) and the interpreted ones (db, the scenario),
// each created once and cached as sys.modules does.

extension Machine {

    mutating func importModule(_ nameID: Int32) throws {
        if nativeModules[nameID] == nil, Builtins.madeOnImport.contains(name(nameID)) {
            // Made on first import (CPython has it loaded anyway, as part of the base heap).
            nativeModules[nameID] = makeNativeModule(name(nameID))
            noteStaticChange()   // a new root (GC/Machine+Reachability.swift)
        }
        if let m = nativeModules[nameID] {
            incref(m)
            push(.obj(m))
            return
        }
        let moduleName = name(nameID)
        guard let index = program.moduleIndex(named: moduleName), moduleName != "__main__" else {
            throw raiseNew(classes.moduleNotFoundError, "No module named '\(moduleName)'")
        }
        if modules[index] >= 0 {
            incref(modules[index])
            push(.obj(modules[index]))
            return
        }
        let id = createModule(index)
        var frame = Frame(code: Int32(program.modules[index].code), base: Int32(stack.count), callee: -1,
                          module: id, cont: .moduleImport)
        frame.aux = id
        stack.append(contentsOf: repeatElement(Value.undefined, count: program.codes[Int(frame.code)].localNames.count))
        frames.append(frame)
        warmUp(frame.code)
        evalBreaker()
    }

    /// A module object with one slot per global name the compiler saw; the registry keeps it.
    mutating func createModule(_ index: Int) -> Int32 {
        var m = HeapObject(kind: .module)
        m.name = program.modules[index].name
        m.names = program.modules[index].globalNames
        m.items = Array(repeating: .undefined, count: m.names.count)
        // `__name__` is a global of every module (`if __name__ == "__main__":`); a str, not counted.
        if let slot = program.modules[index].slotOf[program.intern("__name__")] {
            m.items[Int(slot)] = .str(m.name)
        }
        let id = allocate(m)
        modules[index] = id
        probeModuleCreated(index, object: id)
        return id
    }
}
