#include "http_transport.h"

#include <QDateTime>
#include <QLocale>
#include <QTimeZone>

#include <condition_variable>
#include <curl/curl.h>
#include <deque>
#include <mutex>
#include <thread>
#include <unordered_map>

using namespace Qt::StringLiterals;

namespace moddesk::net {

namespace {

void initCurlOnce()
{
    static std::once_flag once;
    std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

Error transportError(QString message, QString code, bool transient)
{
    Error e{std::move(message)};
    e.code = std::move(code);
    e.transient = transient;
    return e;
}

} // namespace

bool isTransientStatus(int status)
{
    return status == 408 || status == 429 || (status >= 500 && status <= 599);
}

int parseRetryAfter(const QByteArray& value)
{
    const QByteArray v = value.trimmed();
    if (v.isEmpty())
        return -1;
    bool ok = false;
    const qint64 seconds = v.toLongLong(&ok);
    if (ok)
        return seconds < 0 ? -1 : int(std::min<qint64>(seconds, 24 * 3600));
    // An HTTP date: "Sun, 06 Nov 1994 08:49:37 GMT".
    const QDateTime when =
        QLocale::c().toDateTime(QString::fromLatin1(v).chopped(4), u"ddd, dd MMM yyyy HH:mm:ss"_s);
    if (!when.isValid())
        return -1;
    QDateTime utc = when;
    utc.setTimeSpec(Qt::UTC);
    return int(std::clamp<qint64>(QDateTime::currentDateTimeUtc().secsTo(utc), 0, 24 * 3600));
}

// One transfer: the request's bytes must outlive the easy handle, which reads them in place.
struct Transfer {
    HttpRequest request;
    HttpResponse response;
    std::promise<Result<HttpResponse>> promise;
    CURL* easy = nullptr;
    curl_slist* headers = nullptr;
    char errorBuffer[CURL_ERROR_SIZE] = {};
    qint64 maxBytes = 0;
    bool tooLarge = false;

    ~Transfer()
    {
        if (easy)
            curl_easy_cleanup(easy);
        curl_slist_free_all(headers);
    }

    static size_t onBody(char* data, size_t size, size_t count, void* self)
    {
        auto* t = static_cast<Transfer*>(self);
        const size_t n = size * count;
        if (t->response.body.size() + qint64(n) > t->maxBytes) {
            t->tooLarge = true;
            return 0; // aborts the transfer with CURLE_WRITE_ERROR
        }
        t->response.body.append(data, qsizetype(n));
        return n;
    }

    static size_t onHeader(char* data, size_t size, size_t count, void* self)
    {
        auto* t = static_cast<Transfer*>(self);
        const size_t n = size * count;
        const QByteArray line = QByteArray(data, qsizetype(n)).trimmed();
        if (line.startsWith("HTTP/")) {
            // A new status line (after 100 Continue, or a proxy's answer): start over.
            t->response.headers.clear();
            return n;
        }
        const qsizetype colon = line.indexOf(':');
        if (colon > 0)
            t->response.headers.insert(line.left(colon).trimmed().toLower(),
                                       line.mid(colon + 1).trimmed());
        return n;
    }
};

struct HttpTransport::Worker {
    TransportOptions options;
    CURLM* multi = nullptr;
    std::mutex mutex;
    std::deque<std::unique_ptr<Transfer>> incoming;
    bool stopping = false;
    // Transfers in the multi handle; touched only by the worker thread.
    std::unordered_map<Transfer*, std::unique_ptr<Transfer>> active;
    std::thread thread;

    explicit Worker(TransportOptions o)
        : options(std::move(o))
    {
        initCurlOnce();
        multi = curl_multi_init();
        curl_multi_setopt(multi, CURLMOPT_PIPELINING, CURLPIPE_MULTIPLEX);
        thread = std::thread([this] { run(); });
    }

    ~Worker()
    {
        {
            std::lock_guard lock(mutex);
            stopping = true;
        }
        curl_multi_wakeup(multi);
        thread.join();
        curl_multi_cleanup(multi);
    }

    void configure(Transfer& t)
    {
        CURL* e = t.easy;
        const HttpRequest& r = t.request;
        curl_easy_setopt(e, CURLOPT_URL, r.url.toUtf8().constData());
        curl_easy_setopt(e, CURLOPT_NOSIGNAL, 1L);
        curl_easy_setopt(e, CURLOPT_PRIVATE, &t);
        curl_easy_setopt(e, CURLOPT_ERRORBUFFER, t.errorBuffer);
        curl_easy_setopt(e, CURLOPT_USERAGENT, "ModDesk/0.1");
        curl_easy_setopt(e, CURLOPT_PROTOCOLS_STR, options.httpsOnly ? "https" : "http,https");
        curl_easy_setopt(e, CURLOPT_FOLLOWLOCATION, 0L); // the protocol never redirects
        curl_easy_setopt(e, CURLOPT_SSL_VERIFYPEER, 1L);
        curl_easy_setopt(e, CURLOPT_SSL_VERIFYHOST, 2L);
        if (!options.caFile.isEmpty())
            curl_easy_setopt(e, CURLOPT_CAINFO, options.caFile.toUtf8().constData());
        if (!options.pinnedPublicKey.isEmpty())
            curl_easy_setopt(e, CURLOPT_PINNEDPUBLICKEY,
                             options.pinnedPublicKey.toUtf8().constData());
        curl_easy_setopt(e, CURLOPT_HTTP_VERSION, long(CURL_HTTP_VERSION_2TLS));
        curl_easy_setopt(e, CURLOPT_ACCEPT_ENCODING, ""); // every encoding libcurl decodes
        curl_easy_setopt(e, CURLOPT_CONNECTTIMEOUT_MS, long(options.connectTimeoutMs));
        curl_easy_setopt(e, CURLOPT_TIMEOUT_MS, long(options.totalTimeoutMs));
        curl_easy_setopt(e, CURLOPT_LOW_SPEED_LIMIT, long(options.lowSpeedBytesPerSecond));
        curl_easy_setopt(e, CURLOPT_LOW_SPEED_TIME, long(options.lowSpeedSeconds));
        curl_easy_setopt(e, CURLOPT_MAXFILESIZE_LARGE, curl_off_t(options.maxResponseBytes));
        t.maxBytes = options.maxResponseBytes;
        curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, &Transfer::onBody);
        curl_easy_setopt(e, CURLOPT_WRITEDATA, &t);
        curl_easy_setopt(e, CURLOPT_HEADERFUNCTION, &Transfer::onHeader);
        curl_easy_setopt(e, CURLOPT_HEADERDATA, &t);

        t.headers = curl_slist_append(t.headers, "Accept: application/json");
        t.headers = curl_slist_append(t.headers, "Expect:"); // no 100-continue round trip
        if (!r.bearerToken.isEmpty())
            t.headers = curl_slist_append(
                t.headers, QByteArray("Authorization: Bearer "_ba + r.bearerToken).constData());
        if (!r.contentType.isEmpty())
            t.headers = curl_slist_append(
                t.headers, QByteArray("Content-Type: "_ba + r.contentType).constData());
        curl_easy_setopt(e, CURLOPT_HTTPHEADER, t.headers);

        if (r.method == "GET") {
            curl_easy_setopt(e, CURLOPT_HTTPGET, 1L);
        } else {
            curl_easy_setopt(e, CURLOPT_POSTFIELDS, r.body.constData());
            curl_easy_setopt(e, CURLOPT_POSTFIELDSIZE_LARGE, curl_off_t(r.body.size()));
            if (r.method != "POST")
                curl_easy_setopt(e, CURLOPT_CUSTOMREQUEST, r.method.constData());
        }
    }

    void finish(Transfer* t, CURLcode code)
    {
        std::unique_ptr<Transfer> owned = std::move(active.extract(t).mapped());
        curl_multi_remove_handle(multi, t->easy);
        if (code == CURLE_OK) {
            long status = 0;
            curl_easy_getinfo(t->easy, CURLINFO_RESPONSE_CODE, &status);
            long version = 0;
            curl_easy_getinfo(t->easy, CURLINFO_HTTP_VERSION, &version);
            t->response.status = int(status);
            t->response.httpVersion = version == CURL_HTTP_VERSION_2_0   ? "2"_ba
                                      : version == CURL_HTTP_VERSION_1_0 ? "1.0"_ba
                                                                         : "1.1"_ba;
            t->promise.set_value(std::move(t->response));
            return;
        }
        t->promise.set_value(describe(*t, code));
    }

    Error describe(const Transfer& t, CURLcode code) const
    {
        const QString where = QString::fromLatin1(t.request.method) + u' ' + t.request.url;
        const QString detail =
            QString::fromUtf8(t.errorBuffer[0] ? t.errorBuffer : curl_easy_strerror(code));
        switch (code) {
        case CURLE_OPERATION_TIMEDOUT:
            return transportError(where + u" timed out: "_s + detail, u"timeout"_s, true);
        case CURLE_COULDNT_RESOLVE_HOST:
        case CURLE_COULDNT_RESOLVE_PROXY:
        case CURLE_COULDNT_CONNECT:
            return transportError(where + u": cannot connect: "_s + detail, u"connect"_s, true);
        case CURLE_SEND_ERROR:
        case CURLE_RECV_ERROR:
        case CURLE_GOT_NOTHING:
        case CURLE_PARTIAL_FILE:
        case CURLE_HTTP2:
        case CURLE_HTTP2_STREAM:
        case CURLE_BAD_CONTENT_ENCODING:
            return transportError(where + u": the connection broke: "_s + detail, u"network"_s,
                                  true);
        case CURLE_WRITE_ERROR: // our body callback refused: only ever for size
            if (!t.tooLarge)
                break;
            [[fallthrough]];
        case CURLE_FILESIZE_EXCEEDED:
            return transportError(where + u": the answer is larger than "_s +
                                      QString::number(options.maxResponseBytes) + u" bytes"_s,
                                  u"too_large"_s, false);
        case CURLE_UNSUPPORTED_PROTOCOL:
            return transportError(
                where + u": refused: "_s +
                    (options.httpsOnly ? u"this profile allows only https"_s : detail),
                u"protocol"_s, false);
        case CURLE_PEER_FAILED_VERIFICATION:
        case CURLE_SSL_CONNECT_ERROR:
        case CURLE_SSL_CERTPROBLEM:
        case CURLE_SSL_CACERT_BADFILE:
        case CURLE_SSL_PINNEDPUBKEYNOTMATCH:
            return transportError(where + u": the server's identity could not be verified: "_s +
                                      detail,
                                  u"tls"_s, false);
        default:
            break;
        }
        return transportError(where + u": "_s + detail, u"transport"_s, false);
    }

    void run()
    {
        for (;;) {
            std::deque<std::unique_ptr<Transfer>> starting;
            bool stop = false;
            {
                std::lock_guard lock(mutex);
                starting.swap(incoming);
                stop = stopping;
            }
            for (auto& t : starting) {
                if (stop) {
                    t->promise.set_value(
                        transportError(u"the connection is shutting down"_s, u"shutdown"_s, true));
                    continue;
                }
                curl_multi_add_handle(multi, t->easy);
                Transfer* key = t.get();
                active.emplace(key, std::move(t));
            }
            if (stop)
                break;
            int running = 0;
            curl_multi_perform(multi, &running);
            int left = 0;
            while (CURLMsg* msg = curl_multi_info_read(multi, &left)) {
                if (msg->msg != CURLMSG_DONE)
                    continue;
                Transfer* t = nullptr;
                curl_easy_getinfo(msg->easy_handle, CURLINFO_PRIVATE, &t);
                finish(t, msg->data.result);
            }
            curl_multi_poll(multi, nullptr, 0, 1000, nullptr);
        }
        // Fail whatever is still in flight.
        for (auto& [t, owned] : active) {
            curl_multi_remove_handle(multi, t->easy);
            t->promise.set_value(
                transportError(u"the connection is shutting down"_s, u"shutdown"_s, true));
        }
        active.clear();
    }
};

HttpTransport::HttpTransport(TransportOptions options)
    : m_worker(std::make_unique<Worker>(std::move(options)))
{ }

HttpTransport::~HttpTransport() = default;

const TransportOptions& HttpTransport::options() const
{
    return m_worker->options;
}

std::future<Result<HttpResponse>> HttpTransport::send(HttpRequest request)
{
    auto t = std::make_unique<Transfer>();
    t->request = std::move(request);
    t->easy = curl_easy_init();
    auto future = t->promise.get_future();
    m_worker->configure(*t);
    {
        std::lock_guard lock(m_worker->mutex);
        m_worker->incoming.push_back(std::move(t));
    }
    curl_multi_wakeup(m_worker->multi);
    return future;
}

} // namespace moddesk::net
