#include "sign_in.h"

#include "credential_store.h"

using namespace Qt::StringLiterals;

namespace moddesk::net {

Result<SignedIn> signIn(Profile& profile, const QString& server, const QByteArray& token,
                        const SignInOptions& options)
{
    if (!server.startsWith(u"http://") && !server.startsWith(u"https://"))
        return fieldError(u"server"_s, u"must be an http:// or https:// URL"_s);
    ClientStore& store = profile.store();
    (void)store.setSetting(u"https_only"_s, options.httpsOnly ? u"1"_s : u"0"_s);
    (void)store.setSetting(u"ca_file"_s, options.caFile);
    (void)store.setSetting(u"pinned_key"_s, options.pinnedKey);
    (void)store.setSetting(u"timeout_ms"_s, options.timeoutMs);
    HttpTransport transport(profile.transportOptions());
    ProtocolClient client(transport, server, token);
    auto me = client.me();
    if (!me) {
        profile.noteContact(&me.error());
        return me.error();
    }
    auto policy = client.policy();
    if (!policy) {
        profile.noteContact(&policy.error());
        return policy.error();
    }
    const QString previousUser = profile.userName();
    if (!previousUser.isEmpty() && previousUser != me->name) {
        Error e{u"this profile belongs to "_s + previousUser + u"; use another profile for "_s +
                me->name};
        e.code = u"other_user"_s;
        return e;
    }
    auto saved = CredentialStore(profile.dir()).save(token);
    if (!saved)
        return saved.error();
    for (const auto& [key, value] : {std::pair{u"server_url"_s, server},
                                     {u"user"_s, me->name},
                                     {u"role"_s, me->role},
                                     {u"policy_json"_s, QString::fromUtf8(policy->json)}}) {
        if (auto set = store.setSetting(key, value); !set)
            return set.error();
    }
    profile.noteContact(nullptr);
    return SignedIn{me->name, me->role, policy->policy.version, saved->where, saved->warning};
}

} // namespace moddesk::net
