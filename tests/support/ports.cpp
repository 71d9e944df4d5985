#include "ports.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

namespace moddesk::test {

namespace {

// Binds a new socket to 127.0.0.1 on a port the kernel picks; -1 on failure.
int bindAnyPort(quint16* port)
{
    const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0)
        return -1;
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t size = sizeof address;
    if (::bind(fd, reinterpret_cast<const sockaddr*>(&address), sizeof address) != 0 ||
        ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &size) != 0) {
        ::close(fd);
        return -1;
    }
    *port = ntohs(address.sin_port);
    return fd;
}

} // namespace

RefusingPort::RefusingPort()
    : m_fd(bindAnyPort(&m_port))
{ }

RefusingPort::~RefusingPort()
{
    if (m_fd >= 0)
        ::close(m_fd);
}

quint16 probablyFreePort()
{
    quint16 port = 0;
    const int fd = bindAnyPort(&port);
    if (fd >= 0)
        ::close(fd);
    return port;
}

} // namespace moddesk::test
