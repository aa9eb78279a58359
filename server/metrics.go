package server

import (
	"net/http"
	"strconv"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// metricsNamespace prefixes every metric of the server's own.
const metricsNamespace = "ffprobe_api"

// unmatchedRoute is the route label of every request no route matched, so
// that a flood of random paths adds no series.
const unmatchedRoute = "unmatched"

// metrics are the server's Prometheus collectors, on a registry of its own
// (never the global one), so that two servers in one test do not collide.
// docs/metrics.md documents each; a test checks that it does.
type metrics struct {
	registry *prometheus.Registry

	requests        *prometheus.CounterVec   // route, method, status
	requestDuration *prometheus.HistogramVec // route, method
	probes          *prometheus.CounterVec   // result
	probeDuration   *prometheus.HistogramVec // result
	probesInFlight  prometheus.Gauge
	queueDepth      prometheus.Gauge
	cacheHits       prometheus.Counter
	cacheMisses     prometheus.Counter
	uploadBytes     prometheus.Counter
	tempBytes       prometheus.Gauge
	guards          guardMetrics // rate limits, address lists, remote URLs (ratelimit_metrics.go)

	names []string // the full name of every metric above, for the docs test
}

func newMetrics(tempFree func() float64) *metrics {
	reg := prometheus.NewRegistry()
	var names []string
	f := factory{reg: reg, names: &names}
	m := &metrics{
		registry: reg,
		requests: f.counterVec("http_requests_total",
			"HTTP requests answered, by route template, method and status code.", "route", "method", "status"),
		requestDuration: f.histogramVec("http_request_duration_seconds",
			"Time to answer an HTTP request, by route template and method.", prometheus.DefBuckets, "route", "method"),
		probes: f.counterVec("probes_total",
			"ffprobe runs, by result: ok, not_media, failed, timeout, unavailable, canceled.", "result"),
		probeDuration: f.histogramVec("probe_duration_seconds",
			"Time one ffprobe run took, by result.", []float64{.01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10, 30, 60, 120}, "result"),
		probesInFlight: f.gauge("ffprobe_in_flight", "ffprobe processes running now."),
		queueDepth:     f.gauge("queue_depth", "Analysis requests admitted but not yet running ffprobe (uploading, hashing or waiting for a worker)."),
		cacheHits:      f.counter("cache_hits_total", "Analyses answered from the content-hash cache without running ffprobe."),
		cacheMisses:    f.counter("cache_misses_total", "Analyses that found no cached result and ran ffprobe."),
		uploadBytes:    f.counter("upload_bytes_total", "Bytes of uploaded media written to the temporary directory."),
		tempBytes:      f.gauge("temp_bytes", "Bytes held now by uploads in the temporary directory."),
	}
	f.gaugeFunc("temp_free_bytes", "Free bytes on the file system of the temporary directory (-1 when unknown).", tempFree)
	m.guards = newGuardMetrics(f)
	// The standard go_* and process_* collectors (memory, goroutines, CPU,
	// open files), documented as families in docs/metrics.md.
	reg.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	m.names = names
	return m
}

// handler serves the registry in the Prometheus text format.
func (m *metrics) handler() http.Handler {
	return promhttp.HandlerFor(m.registry, promhttp.HandlerOpts{Registry: m.registry})
}

// observeRequest counts one answered request. route is the template or
// unmatchedRoute; method is normalised so that junk methods share a label.
func (m *metrics) observeRequest(route, method string, status int, seconds float64) {
	method = metricMethod(method)
	m.requests.WithLabelValues(route, method, strconv.Itoa(status)).Inc()
	m.requestDuration.WithLabelValues(route, method).Observe(seconds)
}

func metricMethod(m string) string {
	switch m {
	case http.MethodGet, http.MethodHead, http.MethodPost, http.MethodPut, http.MethodPatch,
		http.MethodDelete, http.MethodOptions:
		return m
	}
	return "OTHER"
}

// factory registers collectors under the server's namespace and notes
// their names.
type factory struct {
	reg   *prometheus.Registry
	names *[]string
}

func (f factory) register(name string, c prometheus.Collector) {
	f.reg.MustRegister(c)
	*f.names = append(*f.names, metricsNamespace+"_"+name)
}

func (f factory) counter(name, help string) prometheus.Counter {
	c := prometheus.NewCounter(prometheus.CounterOpts{Namespace: metricsNamespace, Name: name, Help: help})
	f.register(name, c)
	return c
}

func (f factory) gauge(name, help string) prometheus.Gauge {
	g := prometheus.NewGauge(prometheus.GaugeOpts{Namespace: metricsNamespace, Name: name, Help: help})
	f.register(name, g)
	return g
}

func (f factory) gaugeFunc(name, help string, fn func() float64) {
	f.register(name, prometheus.NewGaugeFunc(prometheus.GaugeOpts{Namespace: metricsNamespace, Name: name, Help: help}, fn))
}

func (f factory) counterVec(name, help string, labels ...string) *prometheus.CounterVec {
	c := prometheus.NewCounterVec(prometheus.CounterOpts{Namespace: metricsNamespace, Name: name, Help: help}, labels)
	f.register(name, c)
	return c
}

func (f factory) histogramVec(name, help string, buckets []float64, labels ...string) *prometheus.HistogramVec {
	h := prometheus.NewHistogramVec(prometheus.HistogramOpts{Namespace: metricsNamespace, Name: name, Help: help, Buckets: buckets}, labels)
	f.register(name, h)
	return h
}
