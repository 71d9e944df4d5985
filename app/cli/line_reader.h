#pragma once

#include <QByteArray>

#include <optional>

namespace moddesk::cli {

// Reads newline-separated records from a file descriptor as they arrive, refusing any record
// longer than `maxBytes` instead of buffering without end.
class LineReader final {
public:
    enum class Status { Line, End, TooLong, ReadError };

    LineReader(int fd, qsizetype maxBytes);

    // Reads the next record (without its newline) into `line`.
    Status next(QByteArray& line);

private:
    bool fill();

    int m_fd;
    qsizetype m_maxBytes;
    QByteArray m_buffer;
    qsizetype m_start = 0;
    bool m_eof = false;
    bool m_error = false;
};

} // namespace moddesk::cli
