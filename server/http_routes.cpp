#include "http_routes.h"

#include <QList>
#include <QUrl>

using namespace Qt::StringLiterals;

namespace moddesk::server {

namespace {

struct Route {
    const char* method;
    // Segments after /v1/; "*" is one argument.
    QList<QByteArray> pattern;
    ApiResponse (*answer)(Api&, const ApiRequest&, const QString& arg);
};

const QList<Route>& routes()
{
    static const QList<Route> table{
        {"GET", {"me"}, [](Api& a, const ApiRequest& r, const QString&) { return a.me(r); }},
        {"GET",
         {"queues"},
         [](Api& a, const ApiRequest& r, const QString&) { return a.queues(r); }},
        {"GET",
         {"policy"},
         [](Api& a, const ApiRequest& r, const QString&) { return a.policy(r); }},
        {"POST",
         {"queues", "*", "leases"},
         [](Api& a, const ApiRequest& r, const QString& queue) { return a.lease(r, queue); }},
        {"POST",
         {"leases", "*", "renew"},
         [](Api& a, const ApiRequest& r, const QString& id) { return a.renew(r, id); }},
        {"DELETE",
         {"leases", "*"},
         [](Api& a, const ApiRequest& r, const QString& id) { return a.release(r, id); }},
        {"POST",
         {"decisions"},
         [](Api& a, const ApiRequest& r, const QString&) { return a.decide(r); }},
        {"GET",
         {"decisions"},
         [](Api& a, const ApiRequest& r, const QString&) { return a.feed(r); }},
        {"POST",
         {"items"},
         [](Api& a, const ApiRequest& r, const QString&) { return a.ingest(r); }},
        {"GET",
         {"media", "*"},
         [](Api& a, const ApiRequest& r, const QString& sha) { return a.media(r, sha); }},
        {"PUT",
         {"media", "*"},
         [](Api& a, const ApiRequest& r, const QString& sha) { return a.putMedia(r, sha); }},
        {"POST",
         {"review-requests"},
         [](Api& a, const ApiRequest& r, const QString&) { return a.requestReview(r); }},
        {"GET",
         {"review-requests"},
         [](Api& a, const ApiRequest& r, const QString&) { return a.reviewRequests(r); }},
    };
    return table;
}

} // namespace

ApiResponse routeRequest(Api& api, const QByteArray& method, const QByteArray& path,
                         const ApiRequest& request)
{
    const auto notFound = [&] {
        return ApiResponse::error(404, u"not_found"_s,
                                  u"no endpoint "_s + QString::fromLatin1(path.left(200)) +
                                      u" for this method"_s);
    };
    if (!path.startsWith("/v1/"))
        return notFound();
    const QList<QByteArray> segments = path.mid(4).split('/');
    for (const Route& route : routes()) {
        if (method != route.method || segments.size() != route.pattern.size())
            continue;
        QString arg;
        bool matches = true;
        for (qsizetype i = 0; i < segments.size() && matches; ++i) {
            if (route.pattern[i] == "*") {
                arg = QUrl::fromPercentEncoding(segments[i]);
                matches = !segments[i].isEmpty();
            } else {
                matches = segments[i] == route.pattern[i];
            }
        }
        if (matches)
            return route.answer(api, request, arg);
    }
    return notFound();
}

} // namespace moddesk::server
