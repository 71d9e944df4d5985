#pragma once

#include <QByteArray>
#include <QList>

namespace moddesk::test {

// An HTTP/1.1 answer as a raw client reads it.
struct RawAnswer {
    int status = 0;
    QByteArray headers; // as sent, lower-cased names not guaranteed
    QByteArray body;
};

// A TCP connection to 127.0.0.1 that sends exactly the bytes a test gives it: for requests no
// well-behaved client library would send (pipelined, malformed, endless, reset).
class RawConnection final {
public:
    explicit RawConnection(quint16 port);
    ~RawConnection();
    RawConnection(const RawConnection&) = delete;
    RawConnection& operator=(const RawConnection&) = delete;

    bool connected() const { return m_fd >= 0; }
    // Sends `bytes` while reading whatever comes back, as curl does: a server that answers
    // before the request ends (413, 431) is heard instead of lost to a reset. Stops sending
    // once `answers` answers have been read; false if the connection broke first.
    bool send(const QByteArray& bytes, int answers = 0);
    // Reads until `count` whole answers have arrived (Content-Length framing), the server
    // closed, or `timeoutMs` passed. The answers read so far, this call's and earlier ones'.
    QList<RawAnswer> readAnswers(int count, int timeoutMs = 60'000);
    // Whether the server closed the connection within `timeoutMs` (anything it sent first is
    // kept for readAnswers).
    bool waitForClose(int timeoutMs = 60'000);
    // Closes with a TCP reset (SO_LINGER 0) instead of an orderly close.
    void reset();

private:
    bool readSome(int timeoutMs); // false once the server closed or the connection broke
    int parsedAnswers();

    int m_fd = -1;
    bool m_closed = false;
    QByteArray m_in;
    QList<RawAnswer> m_answers;
};

} // namespace moddesk::test
