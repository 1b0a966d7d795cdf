import Metrics
import Prometheus
import Store

/// The process's Prometheus registry behind `GET /metrics`. Bootstrapping swift-metrics is
/// allowed once per process, so it happens on first use of `registry`; every
/// swift-metrics instrument made after that (the service's, the daemon's) lands here.
public enum ServiceMetrics {
    public static let registry: PrometheusCollectorRegistry = {
        let registry = PrometheusCollectorRegistry()
        MetricsSystem.bootstrap(PrometheusMetricsFactory(registry: registry))
        return registry
    }()

    /// Bootstraps the registry (idempotent); call before making other instruments.
    public static func bootstrap() { _ = registry }

    /// Refreshes the gauges read at scrape time (jobs per status: the ingest queue depth; the
    /// training runs in progress, whichever process trains them: each one's last step and the
    /// last value of each metric), then renders the registry in Prometheus text format.
    static func scrape(database: Database) async -> String {
        if let counts = try? await JobQueue(database).counts() {
            for status in IngestJob.Status.allCases {
                Gauge(label: "preflexor_ingest_jobs", dimensions: [("status", status.rawValue)]).record(counts[status] ?? 0)
            }
        }
        let training = TrainingRepository(database)
        if let runs = try? await training.runs(limit: 20) {
            let running = runs.filter { $0.status == "running" }
            Gauge(label: "preflexor_training_runs_running").record(running.count)
            for run in running {
                let dimensions = [("run", String(run.id)), ("stage", run.stage)]
                if let step = run.lastStep { Gauge(label: "preflexor_training_step", dimensions: dimensions).record(step) }
                for (name, value) in run.lastMetrics.sorted(by: { $0.key < $1.key }) {
                    Gauge(label: "preflexor_training_metric", dimensions: dimensions + [("name", name)]).record(value)
                }
            }
        }
        return registry.emitToString()
    }
}
