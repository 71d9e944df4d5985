#pragma once

#include <QString>

#include <utility>
#include <variant>

namespace moddesk {

// What went wrong, in words a person can act on. `field` names the offending input field as a
// dotted path ("author.followers", "scores[2].score") when the error is about input.
struct Error {
    Error() = default;
    Error(QString message_, QString field_ = {})
        : message(std::move(message_))
        , field(std::move(field_))
    { }

    QString message;
    QString field;
    // A stable, machine-readable name for the kind of failure where callers branch on it
    // (protocol error codes such as "lease_lost"); empty otherwise.
    QString code;
    // Failures that may pass if the same request is sent again later (timeouts, lost
    // connections, 408, 429, 5xx); `retryAfterSeconds` is the server's Retry-After, or -1.
    bool transient = false;
    int retryAfterSeconds = -1;

    Error withCode(QString c) const
    {
        Error e = *this;
        e.code = std::move(c);
        return e;
    }

    // "field: message", or just the message when no field is involved.
    QString toString() const { return field.isEmpty() ? message : field + u": " + message; }
};

inline Error fieldError(QString field, QString message)
{
    return Error(std::move(message), std::move(field));
}

// Errors cross library boundaries as values, never exceptions.
template <typename T>
class [[nodiscard]] Result {
public:
    Result(T value)
        : m_v(std::in_place_index<0>, std::move(value))
    { }
    Result(Error error)
        : m_v(std::in_place_index<1>, std::move(error))
    { }

    bool ok() const { return m_v.index() == 0; }
    explicit operator bool() const { return ok(); }

    const T& value() const& { return std::get<0>(m_v); }
    T& value() & { return std::get<0>(m_v); }
    T&& value() && { return std::get<0>(std::move(m_v)); }
    const T& operator*() const& { return value(); }
    T& operator*() & { return value(); }
    const T* operator->() const { return &value(); }
    T* operator->() { return &value(); }

    T value_or(T fallback) const& { return ok() ? value() : std::move(fallback); }

    const Error& error() const { return std::get<1>(m_v); }

private:
    std::variant<T, Error> m_v;
};

// Result of an operation that yields nothing but may fail.
class [[nodiscard]] Status {
public:
    Status() = default;
    Status(Error error)
        : m_failed(true)
        , m_error(std::move(error))
    { }

    static Status success() { return {}; }

    bool ok() const { return !m_failed; }
    explicit operator bool() const { return ok(); }
    const Error& error() const { return m_error; }

private:
    bool m_failed = false;
    Error m_error;
};

} // namespace moddesk
