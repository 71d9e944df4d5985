#include "line_reader.h"

#include <cerrno>
#include <unistd.h>

namespace moddesk::cli {

LineReader::LineReader(int fd, qsizetype maxBytes)
    : m_fd(fd)
    , m_maxBytes(maxBytes)
{ }

bool LineReader::fill()
{
    if (m_start > 0) {
        m_buffer.remove(0, m_start);
        m_start = 0;
    }
    char chunk[64 * 1024];
    for (;;) {
        const ssize_t n = ::read(m_fd, chunk, sizeof chunk);
        if (n > 0) {
            m_buffer.append(chunk, n);
            return true;
        }
        if (n == 0) {
            m_eof = true;
            return false;
        }
        if (errno != EINTR) {
            m_error = true;
            return false;
        }
    }
}

LineReader::Status LineReader::next(QByteArray& line)
{
    qsizetype searchFrom = m_start;
    for (;;) {
        const qsizetype newline = m_buffer.indexOf('\n', searchFrom);
        if (newline >= 0) {
            if (newline - m_start > m_maxBytes) {
                m_start = newline + 1;
                return Status::TooLong;
            }
            line = m_buffer.mid(m_start, newline - m_start);
            m_start = newline + 1;
            return Status::Line;
        }
        if (m_buffer.size() - m_start > m_maxBytes)
            return Status::TooLong;
        searchFrom = m_buffer.size();
        const qsizetype consumed = m_start;
        if (!fill()) {
            if (m_error)
                return Status::ReadError;
            if (m_buffer.size() > m_start) { // a last record without a newline
                line = m_buffer.mid(m_start);
                m_start = m_buffer.size();
                return Status::Line;
            }
            return Status::End;
        }
        searchFrom -= consumed;
    }
}

} // namespace moddesk::cli
