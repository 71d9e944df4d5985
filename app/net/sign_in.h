#pragma once

#include "profile.h"

namespace moddesk::net {

struct SignInOptions {
    bool httpsOnly = false;
    QString caFile;
    QString pinnedKey;
    QString timeoutMs;
};

struct SignedIn {
    QString user;
    QString role;
    QString policyVersion;
    QString tokenWhere; // "the system keychain" or the token file's path
    QString warning;    // set when the token had to go to a file
};

// Signs `profile` in to `server` with `token`: checks it with GET /v1/me, caches the server's
// policy, and keeps the token in the system keychain (or an owner-only file, with a warning).
// A profile belongs to one user: signing in as someone else is refused (code "other_user").
// Used by `moddeskctl login` and the workstation's sign-in dialog.
Result<SignedIn> signIn(Profile& profile, const QString& server, const QByteArray& token,
                        const SignInOptions& options = {});

} // namespace moddesk::net
