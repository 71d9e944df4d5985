#pragma once

#include <QtGlobal>

namespace moddesk::test {

// A loopback port bound and never listened on: a connection to it is refused, and no other
// process can take the port while this lives (a port merely closed could be taken at once).
class RefusingPort final {
public:
    RefusingPort();
    ~RefusingPort();
    Q_DISABLE_COPY_MOVE(RefusingPort)
    quint16 port() const { return m_port; }

private:
    int m_fd = -1;
    quint16 m_port = 0;
};

// A loopback port that was free a moment ago, for a program that must be told its port
// (nghttpd, PostgreSQL). Another process may take it first: start such programs in a loop that
// tries another port when this one is taken.
quint16 probablyFreePort();

} // namespace moddesk::test
