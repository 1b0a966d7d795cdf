import Metrics

/// The daemon's swift-metrics instruments (a no-op until the process bootstraps a backend,
/// as the service does for its `/metrics`).
struct DaemonMetrics: Sendable {
    let enqueued = Counter(label: "preflexor_daemon_files_enqueued_total")
    let claimed = Counter(label: "preflexor_daemon_jobs_claimed_total")
    let done = Counter(label: "preflexor_daemon_jobs_total", dimensions: [("outcome", "done")])
    let failed = Counter(label: "preflexor_daemon_jobs_total", dimensions: [("outcome", "failed")])
    let retried = Counter(label: "preflexor_daemon_jobs_total", dimensions: [("outcome", "retry")])
    let released = Counter(label: "preflexor_daemon_jobs_total", dimensions: [("outcome", "released")])
    let papers = Counter(label: "preflexor_daemon_papers_stored_total")
    let bytes = Counter(label: "preflexor_daemon_bytes_total")
    let duration = Timer(label: "preflexor_daemon_job_duration_seconds")
    let refreshes = Counter(label: "preflexor_daemon_graph_refreshes_total")
    let lag = Recorder(label: "preflexor_daemon_cooperative_lag_seconds")
}
