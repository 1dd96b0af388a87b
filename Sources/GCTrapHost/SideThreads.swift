import Foundation

/// Runs the sides of a comparison at once: the first on the calling thread, each other on a
/// thread of its own with the 1 GiB stack the command thread has (main.swift), so a deep
/// recursion in the program meets the simulator's limits, not the stack's end. Returns when
/// every side is done. Used for the investigator's ticks at full speed (two cores, two sides).
public enum SideThreads {
    public static func run(_ jobs: [() -> Void]) {
        guard jobs.count > 1 else { jobs.first?(); return }
        let done = DispatchGroup()
        for job in jobs.dropFirst() {
            done.enter()
            let thread = Thread { job(); done.leave() }
            thread.stackSize = 1 << 30
            thread.start()
        }
        jobs[0]()
        done.wait()
    }
}
