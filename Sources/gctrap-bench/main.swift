// Benchmarks for the figures in the README (not timed tests): rendering, running at full
// speed with the screen updating, stepping back, `]` across a long run and the size of its
// events. Run: scripts/bench (release build), or gctrap-bench events.
import Foundation
import GCTrapCore
import GCTrapUI
import GCTrapHost

func now() -> Double {
    var ts = timespec()
    clock_gettime(CLOCK_MONOTONIC, &ts)
    return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
}

func maxRSSMB() -> Double {
    var u = rusage()
    getrusage(RUSAGE_SELF.rawValue, &u)
    return Double(u.ru_maxrss) / 1024
}

func median(_ xs: [Double]) -> Double { xs.sorted()[xs.count / 2] }

func make(_ settings: [String: String], profile: PythonProfile = .py311) -> Simulation {
    try! Simulation(source: EmbeddedScenarios.incident, name: "incident", profile: profile, settings: settings)
}

let which = CommandLine.arguments.dropFirst().first ?? "all"

if which == "all" || which == "render" {
    // A snapshot with >= 1,000 objects: the incident on 3.13 at task 220 (garbage piles up).
    let sim = make([:], profile: .py313)
    sim.run(tasks: 221)
    let app = App(engine: sim, width: 200, height: 60)
    let objects = app.model.snapshot.objects.count
    var times: [Double] = []
    for _ in 0..<200 {
        let t = now()
        _ = app.frame()
        times.append(now() - t)
    }
    print(String(format: "render 200x60 frame, %d objects: median %.3f ms, max %.3f ms", objects, median(times) * 1000, times.max()! * 1000))
    var snaps: [Double] = []
    for _ in 0..<50 {
        let t = now()
        _ = sim.snapshot()
        snaps.append(now() - t)
    }
    print(String(format: "snapshot with %d objects: median %.3f ms", objects, median(snaps) * 1000))
}

if which == "all" || which == "graph" {
    // The Graph view of a 60-object garbage group: each task leaves a ring of 30 nodes,
    // each with a list of peers pointing back at the head (30 Node + 30 list objects,
    // one strongly connected component), on top of the incident's usual heap.
    let ring = """
    import gctrap

    class Node:
        def __init__(self, prev):
            self.prev = prev
            self.peers = []

    for task in gctrap.tasks(4):
        head = Node(None)
        cur = head
        i = 1
        while i < 30:
            cur = Node(cur)
            cur.peers.append(head)
            i += 1
        head.prev = cur
        head.peers.append(cur)
    """
    let sim = try! Simulation(source: ring, name: "ring")
    sim.run(tasks: 3)
    let app = App(engine: sim, width: 200, height: 60)
    let snapshot = app.model.snapshot
    guard let group = ObjectsPane.garbageGroups(snapshot).first else { fatalError("no garbage group") }
    app.updateModel { $0.graph = GraphViewState(focus: .group(group.representative)) }
    let scene = GraphScene(.group(group.representative), in: snapshot)
    var times: [Double] = []
    for _ in 0..<200 {
        let t = now()
        _ = app.frame()
        times.append(now() - t)
    }
    if CommandLine.arguments.contains("--detail") {
        func time(_ what: String, _ body: () -> Void) {
            var ts: [Double] = []
            for _ in 0..<20 { let t = now(); body(); ts.append(now() - t) }
            print(String(format: "  %@: median %.3f ms", what, median(ts) * 1000))
        }
        time("scene") { _ = GraphScene(.group(group.representative), in: snapshot) }
        time("layout") { _ = GraphLayout.draw(scene, glyphs: .unicode) }
        time("frame without the view") { var m = app.model; m.graph = nil; _ = view(m) }
    }
    print(String(format: "render 200x60 frame with the Graph view of a %d-object group (%d references, %d objects in the snapshot): median %.3f ms, max %.3f ms",
                 scene.nodes.count, scene.links.count, snapshot.objects.count, median(times) * 1000, times.max()! * 1000))
}

if which == "all" || which == "speed" {
    // Full speed with the screen updating at 30 frames per second: each tick runs the
    // tasks the speed allows, then the frame is rendered, as the terminal loop does.
    let sim = make(["TASKS": "200000", "EXPLICIT_RELEASE": "True"])
    let app = App(engine: sim, width: 120, height: 40)
    app.send(.key(.char("c")))                                  // run
    for _ in 0..<20 { app.send(.key(.char("+"))) }              // to the top speed
    // As the terminal loop does: a tick every 1/30 s (or as soon as the last one is
    // done), each followed by drawing the frame.
    let start = now()
    var frames = 0
    while now() - start < 3.0 && !sim.isFinished {
        let t = now()
        app.send(.tick)
        _ = app.frame()
        frames += 1
        let spent = now() - t
        if spent < 1.0 / 30 { usleep(UInt32((1.0 / 30 - spent) * 1e6)) }
    }
    let elapsed = now() - start
    let tasks = sim.rows.count
    print(String(format: "full speed: %d tasks in %.2f s = %.0f tasks/s, %d frames (%.0f fps)", tasks, elapsed, Double(tasks) / elapsed, frames, Double(frames) / elapsed))
}

if which == "long" {
    // Issue 12: memory over a long run at full speed with the screen updating, as the live
    // investigator keeps it (history thinning on). `gctrap-bench long SECONDS`.
    let seconds = Double(CommandLine.arguments.dropFirst(2).first ?? "600") ?? 600
    let sim = make(["TASKS": "2000000000", "EXPLICIT_RELEASE": "True"])
    sim.thinsHistory = true
    // No statement budget (the default 50,000,000 ended a run at 893,000 tasks): the
    // clock bounds this run, as `explore --max-steps none` lets a user run on.
    sim.maxSteps = Int.max
    let app = App(engine: sim, width: 120, height: 40)
    app.send(.key(.char("c")))
    for _ in 0..<20 { app.send(.key(.char("+"))) }
    func currentRSSMB() -> Double {
        guard let text = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8),
              let pages = Double(text.split(separator: " ")[1]) else { return 0 }
        return pages * 4096 / 1_048_576
    }
    let start = now()
    var nextReport = start
    var lastTasks = 0, lastTime = start, lastCPU = cpuSeconds()
    while now() - start < seconds && !sim.isFinished {
        let t = now()
        app.send(.tick)
        _ = app.frame()
        if t >= nextReport {
            // Per line: the rate over the last interval (wall and CPU) and the load beside it,
            // since on a shared machine the wall clock also measures the others.
            let tasks = sim.tasksFinished, cpu = cpuSeconds()
            let rate = Double(tasks - lastTasks) / max(t - lastTime, 1e-9)
            let cpuRate = Double(tasks - lastTasks) / max(cpu - lastCPU, 1e-9)
            print(String(format: "%6.0f s: %10d tasks, %7d rows kept, RSS %6.1f MB (peak %6.1f MB); %6.0f tasks/s (%6.0f per CPU s), load ",
                         t - start, tasks, sim.rows.count, currentRSSMB(), maxRSSMB(), rate, cpuRate) + loadAverage())
            fflush(stdout)
            lastTasks = tasks; lastTime = t; lastCPU = cpu
            nextReport += 30
        }
        let spent = now() - t
        if spent < 1.0 / 30 { usleep(UInt32((1.0 / 30 - spent) * 1e6)) }
    }
    // A step back and a task back at the end still work.
    sim.back()
    sim.backTask()
    print(String(format: "end: %d tasks in %.0f s (%.0f tasks/s; CPU %.0f s), %d rows kept; RSS %.1f MB, peak %.1f MB; stopped by: %@; load ",
                 sim.tasksFinished, now() - start, Double(sim.tasksFinished) / (now() - start), cpuSeconds(), sim.rows.count, currentRSSMB(), maxRSSMB(),
                 sim.isFinished ? "the simulation (\(sim.limitReached?.message ?? "finished"))" : "the clock") + loadAverage())
}

if which == "all" || which == "back" {
    // Stepping back one statement and one task at points across a 200,000-task run.
    let sim = make(["TASKS": "200000", "EXPLICIT_RELEASE": "True"])
    let t0 = now()
    sim.runToEnd()
    let runTime = now() - t0
    let total = sim.steps
    print(String(format: "ran %d tasks (%d statements) in %.2f s, keeping checkpoints", sim.rows.count, total, runTime))
    var backs: [Double] = [], backTasks: [Double] = []
    for k in 1...20 {
        let target = total * k / 21
        sim.seek(toStep: target)
        var t = now()
        sim.back()
        backs.append(now() - t)
        t = now()
        sim.backTask()
        backTasks.append(now() - t)
    }
    print(String(format: "step back one statement: median %.2f ms, max %.2f ms", median(backs) * 1000, backs.max()! * 1000))
    print(String(format: "step back one task: median %.2f ms, max %.2f ms", median(backTasks) * 1000, backTasks.max()! * 1000))
    print(String(format: "peak memory (RSS): %.0f MB", maxRSSMB()))
}

if which == "all" || which == "compare" {
    // The comparison view: a 200x60 frame at the first divergence, and both sides at full
    // speed with the screen updating (ticks and frames as the terminal loop does).
    let left = make(["TASKS": "200000"]), right = make(["TASKS": "200000"], profile: .py313)
    let d = CompareDriver(simulations: [left, right], labels: ["3.11", "3.13"], width: 200, height: 60)
    _ = d.handle(.key(.char("f")))
    var times: [Double] = []
    for _ in 0..<200 {
        let t = now()
        _ = d.frame()
        times.append(now() - t)
    }
    print(String(format: "compare: render 200x60 frame at task %d: median %.3f ms, max %.3f ms", d.model.alignedTask ?? -1, median(times) * 1000, times.max()! * 1000))
    // Later in the run the chart holds every task of both sides: the frame at 20,000,
    // 100,000 and 200,000 tasks per side (EXPLICIT_RELEASE, so 3.11 does not die first).
    let longA = make(["TASKS": "200000", "EXPLICIT_RELEASE": "True"])
    let longB = make(["TASKS": "200000", "EXPLICIT_RELEASE": "True"], profile: .py313)
    for sim in [longA, longB] { sim.keepsCheckpoints = false }
    let long = CompareDriver(simulations: [longA, longB], labels: ["3.11", "3.13"], width: 200, height: 60)
    long.runSides = SideThreads.run
    // The control: the same sides run bare (no investigator, so no snapshot shares their
    // rows), timed over the same 2,000 tasks: what the program itself costs there.
    let bareA = make(["TASKS": "200000", "EXPLICIT_RELEASE": "True"])
    let bareB = make(["TASKS": "200000", "EXPLICIT_RELEASE": "True"], profile: .py313)
    for sim in [bareA, bareB] { sim.keepsCheckpoints = false }
    for target in [20_000, 100_000, 200_000] {
        long.replayRun(tasks: target - 2_000 - longA.rows.count)
        // The last 2,000 tasks as one full-speed tick: does a tick cost more later in the run?
        let c = cpuSeconds()
        long.replayRun(tasks: 2_000)
        let tickCPU = cpuSeconds() - c
        print(String(format: "compare: a 2,000-task tick of both sides (in turn) up to task %d: %.0f ms CPU, %.0f tasks per CPU second (both sides' together)",
                     longA.rows.count - 1, tickCPU * 1000, 4_000 / max(tickCPU, 1e-9)))
        for sim in [bareA, bareB] { sim.run(tasks: target - 2_000 - sim.rows.count) }
        let bareStart = cpuSeconds()
        for sim in [bareA, bareB] { sim.run(tasks: 2_000) }
        let bareCPU = cpuSeconds() - bareStart
        print(String(format: "compare:   the same 2,000 tasks of both sides run bare (no snapshots): %.0f ms CPU, %.0f tasks per CPU second",
                     bareCPU * 1000, 4_000 / max(bareCPU, 1e-9)))
        var times: [Double] = []
        for _ in 0..<50 {
            let t = now()
            _ = long.frame()
            times.append(now() - t)
        }
        print(String(format: "compare: render 200x60 frame at task %d: median %.3f ms, max %.3f ms", long.model.alignedTask ?? -1, median(times) * 1000, times.max()! * 1000))
    }

    // Both sides at full speed, their ticks one after the other and then at once (the
    // terminal command's SideThreads: two cores for two sides). Beside the wall-clock rate
    // (which on a shared machine mostly measures the other processes), each side's own
    // CPU time: its tick runs on one thread, timed with that thread's clock.
    var reached = 0
    for parallel in [false, true] {
        let a = make(["TASKS": "200000", "EXPLICIT_RELEASE": "True"])
        let b = make(["TASKS": "200000", "EXPLICIT_RELEASE": "True"], profile: .py313)
        let run = CompareDriver(simulations: [a, b], labels: ["3.11", "3.13"], width: 200, height: 60)
        let sideCPU = SideClock(sides: 2)
        let runJobs: ([() -> Void]) -> Void = parallel ? SideThreads.run : { jobs in for job in jobs { job() } }
        run.runSides = { jobs in runJobs(sideCPU.timed(jobs)) }
        _ = run.handle(.key(.char("c")))
        for _ in 0..<20 { _ = run.handle(.key(.char("+"))) }
        let start = now(), cpuStart = cpuSeconds()
        var frames = 0
        var tickTime = 0.0, frameTime = 0.0
        while now() - start < 3.0 && !(a.isFinished && b.isFinished) {
            let t = now()
            if !run.model.running { _ = run.handle(.key(.char("c"))) }   // runs on past a divergence pause
            _ = run.handle(.tick)
            let t1 = now()
            _ = run.frame()
            tickTime += t1 - t
            frameTime += now() - t1
            frames += 1
            let spent = now() - t
            if spent < 1.0 / 30 { usleep(UInt32((1.0 / 30 - spent) * 1e6)) }
        }
        let elapsed = now() - start, cpu = cpuSeconds() - cpuStart
        let tasks = Double(min(a.rows.count, b.rows.count))
        reached = max(reached, Int(tasks))
        print(String(format: "compare: full speed, sides " + (parallel ? "at once" : "in turn") + ": %d + %d tasks in %.2f s = %.0f tasks/s per side (wall), %d frames (%.0f fps); per frame: tick %.1f ms, render %.1f ms",
                     a.rows.count, b.rows.count, elapsed, tasks / elapsed, frames, Double(frames) / elapsed,
                     tickTime / Double(max(1, frames)) * 1000, frameTime / Double(max(1, frames)) * 1000))
        print(String(format: "compare:   per CPU second of its own thread: 3.11 side %.0f tasks, 3.13 side %.0f tasks; process CPU %.2f s in %.2f s; load average ",
                     Double(a.rows.count) / max(sideCPU.seconds[0], 1e-9), Double(b.rows.count) / max(sideCPU.seconds[1], 1e-9),
                     cpu, elapsed) + loadAverage())
    }
    // Each side alone, as the investigator runs it (the same settings, ticks and frames, over
    // the same tasks, since a task's cost changes along the run): what a side costs without
    // the comparison around it.
    for (label, profile) in [("3.11", PythonProfile.py311), ("3.13", .py313)] {
        let sim = make(["TASKS": "200000", "EXPLICIT_RELEASE": "True"], profile: profile)
        let app = App(engine: sim, width: 120, height: 40)
        app.send(.key(.char("c")))
        for _ in 0..<20 { app.send(.key(.char("+"))) }
        let start = now(), c0 = threadCPUSeconds()
        var tickCPU = 0.0
        while sim.rows.count < reached && !sim.isFinished {
            let t = now(), c = threadCPUSeconds()
            app.send(.tick)
            tickCPU += threadCPUSeconds() - c
            _ = app.frame()
            let spent = now() - t
            if spent < 1.0 / 30 { usleep(UInt32((1.0 / 30 - spent) * 1e6)) }
        }
        let elapsed = now() - start, cpu = threadCPUSeconds() - c0
        print(String(format: "one side alone (%@): %d tasks in %.2f s = %.0f tasks/s (wall); %.0f tasks per CPU second of its ticks (%.0f with frames); load average ",
                     label, sim.rows.count, elapsed, Double(sim.rows.count) / elapsed,
                     Double(sim.rows.count) / max(tickCPU, 1e-9), Double(sim.rows.count) / max(cpu, 1e-9)) + loadAverage())
    }
}

/// CPU time spent in each side's tick, each measured on the thread that ran it.
final class SideClock: @unchecked Sendable {
    private(set) var seconds: [Double]
    init(sides: Int) { seconds = Array(repeating: 0, count: sides) }
    func timed(_ jobs: [() -> Void]) -> [() -> Void] {
        jobs.enumerated().map { i, job in
            { let c = threadCPUSeconds(); job(); self.seconds[i] += threadCPUSeconds() - c }
        }
    }
}

/// CPU seconds the calling thread has used.
func threadCPUSeconds() -> Double {
    var ts = timespec()
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts)
    return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
}

/// CPU seconds this process has used (user + system): on a shared, loaded machine the
/// wall clock mostly measures the other processes.
func cpuSeconds() -> Double {
    var u = rusage()
    getrusage(RUSAGE_SELF.rawValue, &u)
    return Double(u.ru_utime.tv_sec + u.ru_stime.tv_sec) + Double(u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e6
}

if which == "all" || which == "events" {
    // `]` across 200,000 tasks: a variant where nothing happens after the first connection
    // (a local agent, no cycle: no collection, no new high), so one `]` crosses the whole run.
    let quiet = make(["TASKS": "200000", "RETURN_AGENT": "False", "BACK_REFERENCE": "False"])
    quiet.runToNextEvent()                         // the first connection: a new high at task 0
    let t0 = now(), c0 = cpuSeconds()
    let next = quiet.runToNextEvent()
    let quietTime = now() - t0, quietCPU = cpuSeconds() - c0
    print(String(format: "] across %d tasks (no event on the way%@): %.2f s CPU, %.2f s wall", quiet.rows.count,
                 next == nil ? "" : ", stopped early", quietCPU, quietTime))
    // The incident as it is: ] after ] to the end (it dies at task 134,589 on 3.11).
    let busy = make(["TASKS": "200000"])
    var presses = 0
    let t1 = now(), c1 = cpuSeconds()
    while busy.runToNextEvent() != nil { presses += 1 }
    let busyTime = now() - t1, busyCPU = cpuSeconds() - c1
    print(String(format: "] to the end of the 200,000-task incident: %d presses, %d tasks, %.2f s CPU, %.2f s wall in all", presses,
                 busy.rows.count, busyCPU, busyTime))
    // Every event of a 200,000-task run: gc.collect() per task makes one per task.
    let before = maxRSSMB()
    let forced = make(["TASKS": "200000", "FORCED_COLLECTION": "True"])
    forced.keepsCheckpoints = false
    forced.runToEnd()
    let n = forced.events.count
    let bytes = n * MemoryLayout<RunEvent>.stride
    print(String(format: "events of a 200,000-task run with gc.collect() per task: %d events, %.1f MB (%d bytes each); process peak %.0f MB (%.0f MB before)",
                 n, Double(bytes) / 1_048_576, MemoryLayout<RunEvent>.stride, maxRSSMB(), before))
}

/// The 1-minute load average (/proc/loadavg), to report beside wall-clock figures.
func loadAverage() -> String {
    guard let text = try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8) else { return "?" }
    return String(text.split(separator: " ").first ?? "?")
}
