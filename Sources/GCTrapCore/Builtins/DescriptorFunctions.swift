// @property (with .setter), @staticmethod, @classmethod: the decorators make a descriptor
// object when the class body runs; attribute access on it is Machine+Attributes'
// descriptorGet / propertySet.

extension Builtins {

    static let descriptorFunctions: [BuiltinFunction] = [
        BuiltinFunction("property", .builtins, .function(0...2)) { m, call in
            try m.makeDescriptor(0, call.values + Array(repeating: Value.none, count: 2 - call.values.count))
        },
        BuiltinFunction("staticmethod", .builtins, .function(1...1)) { m, call in
            try m.makeDescriptor(1, call.values)
        },
        BuiltinFunction("classmethod", .builtins, .function(1...1)) { m, call in
            try m.makeDescriptor(2, call.values)
        },
        BuiltinFunction("setter", .type(.descriptor), .method(1...1)) { m, call in
            // prop.setter(f): a copy of the property with f as its setter
            guard case .obj(let d) = call.values[0], m.heap.objects[Int(d)].ref == 0 else {
                throw m.raiseNew(m.classes.attributeError, "'\(m.typeName(of: call.values[0]))' object has no attribute 'setter'")
            }
            return try m.makeDescriptor(0, [m.heap.objects[Int(d)].items[0], call.values[1]])
        },
        BuiltinFunction("getter", .type(.descriptor), .method(1...1)) { m, call in
            guard case .obj(let d) = call.values[0], m.heap.objects[Int(d)].ref == 0 else {
                throw m.raiseNew(m.classes.attributeError, "'\(m.typeName(of: call.values[0]))' object has no attribute 'getter'")
            }
            return try m.makeDescriptor(0, [call.values[1], m.heap.objects[Int(d)].items[1]])
        },
    ]
}

extension Machine {
    /// A property (kind 0: [fget, fset]), staticmethod (1) or classmethod (2) object.
    mutating func makeDescriptor(_ kind: Int, _ items: [Value]) throws -> Value {
        var d = HeapObject(kind: .descriptor)
        d.ref = kind
        if kind == 0 { propertiesMade = true }
        for v in items { incref(v) }
        d.items = items
        return .obj(allocate(d))
    }
}
