#include "raw_http.h"

#include <QElapsedTimer>

#include <arpa/inet.h>
#include <cerrno>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

namespace moddesk::test {

RawConnection::RawConnection(quint16 port)
{
    m_fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (m_fd < 0)
        return;
    sockaddr_in to{};
    to.sin_family = AF_INET;
    to.sin_port = htons(port);
    to.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::connect(m_fd, reinterpret_cast<sockaddr*>(&to), sizeof to) != 0) {
        ::close(m_fd);
        m_fd = -1;
    }
}

RawConnection::~RawConnection()
{
    if (m_fd >= 0)
        ::close(m_fd);
}

void RawConnection::reset()
{
    if (m_fd < 0)
        return;
    const linger now{1, 0};
    ::setsockopt(m_fd, SOL_SOCKET, SO_LINGER, &now, sizeof now);
    ::close(m_fd);
    m_fd = -1;
}

bool RawConnection::readSome(int timeoutMs)
{
    pollfd p{m_fd, POLLIN, 0};
    if (::poll(&p, 1, timeoutMs) <= 0)
        return !m_closed;
    char buffer[65536];
    const ssize_t n = ::recv(m_fd, buffer, sizeof buffer, 0);
    if (n <= 0) {
        m_closed = true;
        return false;
    }
    m_in.append(buffer, n);
    return true;
}

int RawConnection::parsedAnswers()
{
    for (;;) {
        const qsizetype end = m_in.indexOf("\r\n\r\n");
        if (end < 0)
            break;
        const QByteArray head = m_in.left(end);
        const QList<QByteArray> lines = head.split('\n');
        const QList<QByteArray> statusLine = lines.value(0).split(' ');
        qsizetype length = 0;
        for (const QByteArray& line : lines) {
            if (line.toLower().startsWith("content-length:"))
                length = line.mid(15).trimmed().toLongLong();
        }
        if (m_in.size() < end + 4 + length)
            break;
        m_answers.append({statusLine.value(1).toInt(), head, m_in.mid(end + 4, length)});
        m_in.remove(0, end + 4 + length);
    }
    return int(m_answers.size());
}

bool RawConnection::send(const QByteArray& bytes, int answers)
{
    qsizetype sent = 0;
    while (sent < bytes.size()) {
        if (answers > 0 && parsedAnswers() >= answers)
            return true;
        pollfd p{m_fd, POLLIN | POLLOUT, 0};
        if (::poll(&p, 1, 60'000) <= 0)
            return false;
        if (p.revents & POLLIN) {
            if (!readSome(0))
                return false;
            continue;
        }
        if (p.revents & (POLLERR | POLLHUP))
            return false;
        const qsizetype chunk = std::min<qsizetype>(bytes.size() - sent, 16384);
        const ssize_t n =
            ::send(m_fd, bytes.constData() + sent, size_t(chunk), MSG_NOSIGNAL | MSG_DONTWAIT);
        if (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK)
            return false;
        sent += std::max<ssize_t>(n, 0);
    }
    return true;
}

QList<RawAnswer> RawConnection::readAnswers(int count, int timeoutMs)
{
    QElapsedTimer waited;
    waited.start();
    while (parsedAnswers() < count && !m_closed && waited.elapsed() < timeoutMs)
        readSome(int(std::max<qint64>(1, timeoutMs - waited.elapsed())));
    parsedAnswers();
    return m_answers;
}

bool RawConnection::waitForClose(int timeoutMs)
{
    QElapsedTimer waited;
    waited.start();
    while (!m_closed && waited.elapsed() < timeoutMs)
        readSome(int(std::max<qint64>(1, timeoutMs - waited.elapsed())));
    parsedAnswers();
    return m_closed;
}

} // namespace moddesk::test
