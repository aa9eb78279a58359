package netguard

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/netip"
	"strconv"
	"syscall"
)

// dialer opens the client's connections: it resolves the host once,
// refuses the host when any of its addresses is not allowed, and connects
// to the checked addresses themselves, so no second lookup can change the
// destination.
type dialer struct {
	cfg Config
}

// DialContext is the transport's dial function. address is "host:port"
// from the URL.
func (d *dialer) DialContext(ctx context.Context, network, address string) (net.Conn, error) {
	if network != "tcp" && network != "tcp4" && network != "tcp6" {
		return nil, &BlockedError{Host: address, Reason: "network " + strconv.Quote(network) + " is not tcp"}
	}
	rawHost, portText, err := net.SplitHostPort(address)
	if err != nil {
		return nil, fmt.Errorf("netguard: dial %s: %w", address, err)
	}
	port, err := strconv.ParseUint(portText, 10, 16)
	if err != nil || port == 0 {
		return nil, &BlockedError{Host: rawHost, Reason: "port " + strconv.Quote(portText) + " is not a number from 1 to 65535"}
	}
	host, err := NormalizeHost(rawHost)
	if err != nil {
		return nil, &BlockedError{Host: rawHost, Reason: err.Error()}
	}
	if reason := d.cfg.hostRefusal(host); reason != "" {
		return nil, &BlockedError{Host: host, Reason: reason}
	}
	addrs, err := d.resolve(ctx, host)
	if err != nil {
		return nil, err
	}
	for _, ip := range addrs {
		if reason := d.cfg.refusal(ip); reason != "" {
			return nil, &BlockedError{Host: host, IP: ip, Reason: reason}
		}
	}
	return d.connectFirst(ctx, network, host, addrs, uint16(port))
}

// resolve returns the addresses of a normalised host: itself for an IP
// address, loopback for localhost names, otherwise a lookup.
func (d *dialer) resolve(ctx context.Context, host string) ([]netip.Addr, error) {
	if addrs := literalAddrs(host); addrs != nil {
		return addrs, nil
	}
	lookup := d.cfg.LookupIP
	if lookup == nil {
		lookup = func(ctx context.Context, host string) ([]netip.Addr, error) {
			return net.DefaultResolver.LookupNetIP(ctx, "ip", host)
		}
	}
	addrs, err := lookup(ctx, host)
	if err != nil {
		return nil, fmt.Errorf("netguard: resolve %s: %w", host, err)
	}
	if len(addrs) == 0 {
		return nil, fmt.Errorf("netguard: resolve %s: no addresses", host)
	}
	return addrs, nil
}

// connectFirst tries each checked address in turn and returns the first
// connection made.
func (d *dialer) connectFirst(ctx context.Context, network, host string, addrs []netip.Addr, port uint16) (net.Conn, error) {
	connect := d.cfg.Connect
	if connect == nil {
		connect = d.checkedDialer(host).DialContext
	}
	var errs []error
	for _, ip := range addrs {
		target := netip.AddrPortFrom(ip.Unmap(), port).String()
		conn, err := connect(ctx, network, target)
		if err == nil {
			return conn, nil
		}
		errs = append(errs, err)
		if ctx.Err() != nil {
			break
		}
	}
	return nil, errors.Join(errs...)
}

// checkedDialer is a net.Dialer whose ControlContext checks the address
// the socket is about to connect to.
func (d *dialer) checkedDialer(host string) *net.Dialer {
	return &net.Dialer{
		Timeout: d.cfg.dialTimeout(),
		ControlContext: func(_ context.Context, network, address string, _ syscall.RawConn) error {
			return d.cfg.checkDialled(host, network, address)
		},
	}
}

// checkDialled checks the "ip:port" a socket connects to.
func (c Config) checkDialled(host, network, address string) error {
	if network != "tcp4" && network != "tcp6" {
		return &BlockedError{Host: host, Reason: "network " + strconv.Quote(network) + " is not tcp"}
	}
	ap, err := netip.ParseAddrPort(address)
	if err != nil {
		return &BlockedError{Host: host, Reason: "dialled address " + strconv.Quote(address) + " is not ip:port"}
	}
	if reason := c.refusal(ap.Addr()); reason != "" {
		return &BlockedError{Host: host, IP: ap.Addr(), Reason: reason}
	}
	return nil
}
