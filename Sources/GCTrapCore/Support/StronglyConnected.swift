// Strongly connected components (Tarjan), iterative: a chain of 100,000 objects must not
// overflow the stack, so the depth-first search keeps its own stack of frames.

public enum StronglyConnected {
    /// The components of the graph with `count` nodes whose successors are `successors(v)`.
    /// Each component lists its nodes in the order the search met them (its first node is
    /// the one reached first); components come in reverse topological order (a component
    /// is listed before any component that points to it), as Tarjan's algorithm yields them.
    public static func components(count: Int, successors: (Int) -> [Int]) -> [[Int]] {
        let unvisited = -1
        var index = [Int](repeating: unvisited, count: count)
        var low = [Int](repeating: 0, count: count)
        var onStack = [Bool](repeating: false, count: count)
        var stack: [Int] = []
        var result: [[Int]] = []
        var counter = 0
        // A frame of the search: the node, its successors, the next successor to look at.
        var work: [(node: Int, next: [Int], at: Int)] = []
        for start in 0..<count where index[start] == unvisited {
            index[start] = counter; low[start] = counter; counter += 1
            stack.append(start); onStack[start] = true
            work.append((start, successors(start), 0))
            while let top = work.last {
                let v = top.node
                if top.at < top.next.count {
                    let w = top.next[top.at]
                    work[work.count - 1].at += 1
                    if index[w] == unvisited {
                        index[w] = counter; low[w] = counter; counter += 1
                        stack.append(w); onStack[w] = true
                        work.append((w, successors(w), 0))
                    } else if onStack[w] {
                        low[v] = min(low[v], index[w])
                    }
                    continue
                }
                work.removeLast()
                if let parent = work.last { low[parent.node] = min(low[parent.node], low[v]) }
                if low[v] == index[v] {
                    var component: [Int] = []
                    while let w = stack.popLast() {
                        onStack[w] = false
                        component.append(w)
                        if w == v { break }
                    }
                    result.append(component.reversed())
                }
            }
        }
        return result
    }

    /// Whether a component is a cycle: more than one node, or one node pointing to itself.
    public static func isCycle(_ component: [Int], successors: (Int) -> [Int]) -> Bool {
        component.count > 1 || (component.count == 1 && successors(component[0]).contains(component[0]))
    }
}
