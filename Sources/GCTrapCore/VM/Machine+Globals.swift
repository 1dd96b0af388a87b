// The scenario's module globals by name: read for the CSV row and the snapshot,
// written by --set and the toggles.

extension Machine {
    func globalValue(_ name: String) -> Value? {
        guard let id = program.nameIDs[name], modules.first.map({ $0 >= 0 }) == true else { return nil }
        return attributeValue(.obj(modules[0]), id)
    }

    mutating func setGlobal(_ name: String, _ v: Value) {
        setGlobalIfDefined(name, v)
    }

    mutating func setGlobalIfDefined(_ name: String, _ v: Value) {
        guard let id = program.nameIDs[name], modules[0] >= 0,
              let i = heap.objects[Int(modules[0])].names.firstIndex(of: id),
              !heap.objects[Int(modules[0])].items[i].isUndefined else { return }
        let old = heap.objects[Int(modules[0])].items[i]
        heap.objects[Int(modules[0])].items[i] = v
        noteStaticChange()   // the walk's static part (GC/Machine+Reachability.swift)
        decref(old)
    }
}
