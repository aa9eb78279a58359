// Package netguard fetches remote URLs without turning the server into a
// way into the network behind it.
//
// Three checks, each on its own enough to stop a request:
//
//   - [ValidateURL] (and [Config.CheckURL], which adds the host lists and
//     the address policy for literal IPs) accepts only http and https URLs
//     with a host, no user-info, a sane port, and a host in one canonical
//     form: lower case, no trailing dot, IDNA names as punycode, IPv4 only
//     as four decimal numbers. Forms such as 2130706433, 0x7f000001,
//     0177.0.0.1 and 127.1, which browsers and C resolvers read as
//     127.0.0.1, are refused outright.
//   - The client's dialer checks the address it actually connects to:
//     the host is resolved once, every address it resolves to must be
//     public ([IsPublic]) or inside Config.AllowPrivate, and the socket is
//     dialled to that checked IP, never to the name, so a second DNS
//     answer (DNS rebinding) cannot change where it goes. The net.Dialer's
//     ControlContext checks the socket's destination once more.
//   - Every redirect is checked again like the first URL, at most
//     Config.MaxRedirects (default 5) are followed, and once a redirect
//     leaves the first request's origin (scheme, host and port) every
//     header the caller set is dropped except a few that carry no
//     credentials (see [NewClient]).
//
// Proxies from the environment are ignored (http.Transport.Proxy is nil),
// so HTTP_PROXY cannot route requests around the dial check.
package netguard
