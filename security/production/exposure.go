package production

import (
	"fmt"
	"net"
	"net/netip"
	"strings"
	"unicode/utf8"
)

// checkCORS: a wildcard lets every web page read the API with its
// visitors' credentials; "null" is what sandboxed frames and local files
// send, so allowing it is a wildcard too.
func checkCORS(s Settings) []Problem {
	var problems []Problem
	for _, o := range s.CORSOrigins {
		o = strings.TrimSpace(o)
		switch {
		case strings.Contains(o, "*"):
			problems = append(problems, Problem{KeyCORSOrigins, fmt.Sprintf("allows %q, a wildcard", o),
				"list each origin that may call the API, e.g. https://app.example.com"})
		case strings.EqualFold(o, "null"):
			problems = append(problems, Problem{KeyCORSOrigins, `allows the "null" origin, which any sandboxed page can claim`,
				"list each origin that may call the API, e.g. https://app.example.com"})
		}
	}
	return problems
}

// checkTLS: serve speaks TLS itself, or --behind-proxy says a proxy
// terminates it.
func checkTLS(s Settings) []Problem {
	hasCert, hasKey := s.TLSCert != "", s.TLSKey != ""
	switch {
	case hasCert != hasKey:
		missing := KeyTLSKey
		if !hasCert {
			missing = KeyTLSCert
		}
		return []Problem{{missing, "is not set, though its pair is", fmt.Sprintf("set both --%s and --%s", KeyTLSCert, KeyTLSKey)}}
	case !hasCert && !s.BehindProxy:
		return []Problem{{KeyTLSCert, "no TLS: passwords, tokens and API keys would cross the network in clear",
			fmt.Sprintf("set --%s and --%s, or --%s when a reverse proxy terminates TLS in front of the server", KeyTLSCert, KeyTLSKey, KeyBehindProxy)}}
	}
	return nil
}

// checkProxy: behind a proxy, every connection comes from the proxy; only
// trusting its address lets the server see the real clients, on which
// per-address rate limits and allow lists depend.
func checkProxy(s Settings) []Problem {
	if s.BehindProxy && len(s.TrustedProxies) == 0 {
		return []Problem{{KeyTrustedProxies, fmt.Sprintf("is empty although --%s is set: every client would look like the proxy and share its rate limit", KeyBehindProxy),
			"list the proxy's addresses or CIDRs, e.g. --trusted-proxies 10.0.0.0/8"}}
	}
	return nil
}

// checkMetrics: /metrics without a token may only be served where the
// world cannot reach it: a loopback listener of its own, or the main
// listener when that is loopback and no proxy forwards to it.
func checkMetrics(s Settings) []Problem {
	if s.MetricsToken != "" {
		if n := utf8.RuneCountInString(s.MetricsToken); n < MinMetricsTokenChars {
			return []Problem{{KeyMetricsToken, fmt.Sprintf("has %d characters; production needs at least %d", n, MinMetricsTokenChars),
				secretFix(KeyMetricsToken, MinMetricsTokenChars)}}
		}
		return nil
	}
	public := false
	where := ""
	if s.MetricsAddr != "" {
		public, where = !loopbackOnly(s.MetricsAddr), "on "+s.MetricsAddr
	} else {
		public, where = !loopbackOnly(s.Addr) || s.BehindProxy, "on the main listener "+s.Addr
	}
	if !public {
		return nil
	}
	return []Problem{{KeyMetricsToken, fmt.Sprintf("is not set, and /metrics is served %s, where others can reach it", where),
		fmt.Sprintf("set %s_FILE to a file holding at least %d random characters, or serve metrics on a loopback --metrics-addr such as 127.0.0.1:9090",
			envName(KeyMetricsToken), MinMetricsTokenChars)}}
}

// loopbackOnly reports whether a listen address host:port binds loopback
// only. An empty host binds every interface; a name other than localhost
// may resolve to anything, so it counts as public.
func loopbackOnly(addr string) bool {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		host = addr
	}
	if strings.EqualFold(host, "localhost") {
		return true
	}
	a, err := netip.ParseAddr(host)
	return err == nil && a.IsLoopback()
}
