// The machine's hot arrays (the value stack, the frames, the heap's objects) without
// copy-on-write: their elements sit behind a pointer in a class, so a push, a pop, a frame's
// `ip = ...` or a refcount change is a plain store, with no uniqueness check and no
// out-of-line Array call. The price: copying a Machine now shares these buffers, so a copy
// that is kept (a checkpoint, a saved state, the remembered end) or a kept one brought back
// must be given its own with `Machine.detached()` (see there). Bounds are still checked.

final class UncheckedArray<Element>: RandomAccessCollection, MutableCollection {
    private(set) var base: UnsafeMutablePointer<Element>
    private(set) var count: Int
    private(set) var capacity: Int

    init(minimumCapacity: Int = 16) {
        capacity = Swift.max(1, minimumCapacity)
        base = .allocate(capacity: capacity)
        count = 0
    }

    convenience init<S: Sequence>(_ elements: S) where S.Element == Element {
        self.init(minimumCapacity: elements.underestimatedCount)
        append(contentsOf: elements)
    }

    deinit {
        base.deinitialize(count: count)
        base.deallocate()
    }

    /// A buffer of its own with the same elements (their own references retained, as an
    /// Array's copy on write does).
    func copy() -> UncheckedArray {
        let c = UncheckedArray(minimumCapacity: count)
        c.base.initialize(from: base, count: count)
        c.count = count
        return c
    }

    // MARK: Collection

    var startIndex: Int { 0 }
    var endIndex: Int { count }
    @inline(__always) func index(after i: Int) -> Int { i + 1 }
    @inline(__always) func index(before i: Int) -> Int { i - 1 }

    subscript(i: Int) -> Element {
        @inline(__always) unsafeAddress {
            precondition(UInt(bitPattern: i) < UInt(bitPattern: count), "UncheckedArray index out of range")
            return UnsafePointer(base + i)
        }
        @inline(__always) unsafeMutableAddress {
            precondition(UInt(bitPattern: i) < UInt(bitPattern: count), "UncheckedArray index out of range")
            return base + i
        }
    }

    /// The address of element `i`, unchecked in release builds (checked by `assert` in debug
    /// ones): for the dispatch loop's hottest reads, each caller proving in a comment why `i`
    /// is in range. Valid only until the next append (which may move the buffer).
    @inline(__always) func uncheckedAddress(_ i: Int) -> UnsafeMutablePointer<Element> {
        assert(UInt(bitPattern: i) < UInt(bitPattern: count), "UncheckedArray index out of range")
        return base + i
    }

    /// The address of element `i`, bounds checked (FrameStack's subscript).
    @inline(__always) func checkedAddress(_ i: Int) -> UnsafeMutablePointer<Element> {
        precondition(UInt(bitPattern: i) < UInt(bitPattern: count), "UncheckedArray index out of range")
        return base + i
    }

    /// Puts `v` in slot `i` and hands back what was there, moved (no copy, no destroy).
    @inline(__always) func exchange(_ i: Int, with v: consuming Element) -> Element {
        precondition(UInt(bitPattern: i) < UInt(bitPattern: count), "UncheckedArray index out of range")
        let old = (base + i).move()
        (base + i).initialize(to: v)
        return old
    }

    var isEmpty: Bool { @inline(__always) get { count == 0 } }
    var last: Element? { @inline(__always) get { count == 0 ? nil : base[count - 1] } }

    // MARK: the Array operations the machine uses, none of them mutating `self` (a class)

    @inline(__always) func append(_ v: consuming Element) {
        if count == capacity { grow(to: count + 1) }
        (base + count).initialize(to: v)
        count &+= 1   // below capacity, an allocated count: cannot overflow
    }

    func append<S: Sequence>(contentsOf elements: S) where S.Element == Element {
        for e in elements { append(e) }
    }

    @inline(__always) @discardableResult func removeLast() -> Element {
        precondition(count > 0, "removeLast from an empty UncheckedArray")
        count &-= 1   // positive, checked above
        return (base + count).move()
    }

    @inline(__always) func popLast() -> Element? {
        count == 0 ? nil : removeLast()
    }

    func removeLast(_ n: Int) {
        precondition(n >= 0 && n <= count, "removeLast(n) past the start of an UncheckedArray")
        count -= n
        (base + count).deinitialize(count: n)
    }

    func removeAll() {
        base.deinitialize(count: count)
        count = 0
    }

    func insert(_ v: Element, at i: Int) {
        precondition(i >= 0 && i <= count, "UncheckedArray insert out of range")
        if count == capacity { grow(to: count + 1) }
        (base + i + 1).moveInitialize(from: base + i, count: count - i)
        (base + i).initialize(to: v)
        count += 1
    }

    func swapAt(_ i: Int, _ j: Int) {
        precondition(i >= 0 && i < count && j >= 0 && j < count, "UncheckedArray swapAt out of range")
        guard i != j else { return }
        let t = (base + i).move()
        (base + i).moveInitialize(from: base + j, count: 1)
        (base + j).initialize(to: t)
    }

    /// The elements from `i` to the end, as an Array (a frame's locals and stack).
    func array(from i: Int) -> [Element] {
        precondition(i >= 0 && i <= count, "UncheckedArray range out of range")
        return Array(UnsafeBufferPointer(start: base + i, count: count - i))
    }

    @inline(never) private func grow(to minimum: Int) {
        let newCapacity = Swift.max(minimum, capacity * 2)
        let b = UnsafeMutablePointer<Element>.allocate(capacity: newCapacity)
        b.moveInitialize(from: base, count: count)
        base.deallocate()
        base = b
        capacity = newCapacity
    }
}

/// The evaluation stack: locals and temporaries of every frame, the innermost on top.
typealias ValueStack = UncheckedArray<Value>

extension UncheckedArray where Element == Value {
    /// Pops down to `n` elements: an `.undefined` slot (a cleared local) owns nothing, so it
    /// goes by moving the count; any other is moved out and destroyed as removeLast does.
    @inline(__always) func popCleared(downTo n: Int) {
        while count > n {
            if case .undefined = base[count &- 1] { count &-= 1 } else { _ = removeLast() }
        }
    }
}

/// The call stack: the frames in an UncheckedArray, and `epoch`, bumped by every push and
/// pop. Only a push or a pop changes which frame is on top or moves the buffer (a frame's
/// code is never reassigned in place), so the dispatch loop keeps the running frame's
/// address while the epoch stays the same, instead of checking the top frame at every
/// instruction. Copies share the buffer as UncheckedArray's do (`copy()` for one of its own).
struct FrameStack: RandomAccessCollection, MutableCollection {
    private var buffer: UncheckedArray<Frame>
    private(set) var epoch = 0

    init() { buffer = UncheckedArray() }
    private init(buffer: UncheckedArray<Frame>, epoch: Int) { self.buffer = buffer; self.epoch = epoch }

    var startIndex: Int { 0 }
    var endIndex: Int { @inline(__always) get { buffer.count } }
    @inline(__always) func index(after i: Int) -> Int { i + 1 }
    @inline(__always) func index(before i: Int) -> Int { i - 1 }

    subscript(i: Int) -> Frame {
        @inline(__always) unsafeAddress { UnsafePointer(buffer.checkedAddress(i)) }
        @inline(__always) nonmutating unsafeMutableAddress { buffer.checkedAddress(i) }
    }

    var count: Int { @inline(__always) get { buffer.count } }
    var isEmpty: Bool { @inline(__always) get { buffer.count == 0 } }
    var last: Frame? { @inline(__always) get { buffer.last } }

    @inline(__always) mutating func append(_ f: Frame) {
        epoch &+= 1
        buffer.append(f)
    }

    @inline(__always) @discardableResult mutating func removeLast() -> Frame {
        epoch &+= 1
        return buffer.removeLast()
    }

    @inline(__always) func uncheckedAddress(_ i: Int) -> UnsafeMutablePointer<Frame> {
        buffer.uncheckedAddress(i)
    }

    func copy() -> FrameStack { FrameStack(buffer: buffer.copy(), epoch: epoch) }
}
