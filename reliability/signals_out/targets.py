"""Where a webhook may be sent: public addresses only (unless WEBHOOK_ALLOW_PRIVATE_TARGETS), checked when
a subscription is saved and again on every connection, since a name may resolve elsewhere by then.

A receiver URL on a loopback, private, link-local, multicast or reserved address would let whoever edits
subscriptions make this server POST to its own network (the cloud metadata service at 169.254.169.254,
an admin port on 127.0.0.1), so such a URL is refused, whether written as an address (in any form the
resolver reads: `0.0.0.0`, `[::1]`, `2130706433`) or as a name that resolves to one.
"""

import http.client
import ipaddress
import socket
import urllib.request
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError

# IPv6 forms that carry an IPv4 address, which is what is reached: NAT64's well-known prefix (6to4 and
# IPv4-mapped addresses have attributes of their own).
NAT64 = ipaddress.ip_network("64:ff9b::/96")


class TargetRefused(OSError):
    """A receiver whose address is not public; an OSError, so a sending attempt logs it as its error."""


def is_public(address):
    """Whether an IP address (a string) is on the public internet: not loopback, private, link-local,
    multicast, reserved or unspecified, nor an IPv6 form of such an IPv4 address."""
    ip = ipaddress.ip_address(address.split("%", 1)[0])  # an IPv6 zone (fe80::1%eth0) is link-local anyway
    if ip.version == 6:
        embedded = ip.ipv4_mapped or ip.sixtofour
        if embedded is None and ip in NAT64:
            embedded = ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
        if embedded is not None:
            ip = embedded
    return ip.is_global and not ip.is_multicast


def allowed(address):
    return settings.WEBHOOK_ALLOW_PRIVATE_TARGETS or is_public(address)


def addresses(host, port):
    """The (family, socket address) pairs a name or address resolves to, as a connection would try them."""
    found = socket.getaddrinfo(host, port, 0, socket.SOCK_STREAM)
    return [(family, sockaddr) for family, _, _, _, sockaddr in found]


def refuse_private_target(url):
    """Validator of a subscription's receiver URL: its host must resolve, and only to public addresses."""
    if settings.WEBHOOK_ALLOW_PRIVATE_TARGETS:
        return
    host = urlsplit(url).hostname
    if not host:
        return  # not a URL at all: the URL validator says so
    try:
        resolved = addresses(host, None)
    except (OSError, UnicodeError) as error:
        raise ValidationError(f"The receiver's host {host} cannot be resolved ({error}).") from error
    private = sorted({sockaddr[0] for _, sockaddr in resolved if not is_public(sockaddr[0])})
    if private:
        raise ValidationError(
            f"The receiver's host {host} is at {', '.join(private)}, not a public address: webhooks are "
            "sent only to the public internet (WEBHOOK_ALLOW_PRIVATE_TARGETS=1 allows others)."
        )


def connect(address, timeout=socket._GLOBAL_DEFAULT_TIMEOUT, source_address=None):
    """socket.create_connection, but to public addresses only: the name is resolved once and only the
    addresses checked are connected to, so a resolver that answers differently the second time (DNS
    rebinding) cannot slip a private one in."""
    host, port = address
    refused, last_error = [], None
    for family, sockaddr in addresses(host, port):
        if not allowed(sockaddr[0]):
            refused.append(sockaddr[0])
            continue
        sock = socket.socket(family, socket.SOCK_STREAM)
        try:
            if timeout is not socket._GLOBAL_DEFAULT_TIMEOUT:
                sock.settimeout(timeout)
            if source_address:
                sock.bind(source_address)
            sock.connect(sockaddr)
            return sock
        except OSError as error:
            sock.close()
            last_error = error
    if last_error is not None:
        raise last_error
    raise TargetRefused(f"refused: {host} is at {', '.join(refused)}, not a public address")


class _GuardedHTTPConnection(http.client.HTTPConnection):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._create_connection = connect


class _GuardedHTTPSConnection(http.client.HTTPSConnection):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._create_connection = connect  # TLS is then started over it, checked against the host name


class GuardedHTTPHandler(urllib.request.HTTPHandler):
    def http_open(self, req):
        return self.do_open(_GuardedHTTPConnection, req)


class GuardedHTTPSHandler(urllib.request.HTTPSHandler):
    def https_open(self, req):
        return self.do_open(_GuardedHTTPSConnection, req, context=self._context)
