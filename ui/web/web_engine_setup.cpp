#include "web_engine_setup.h"

#include "item_scheme.h"

#include <QCoreApplication>
#include <QQuickWindow>
#include <QSGRendererInterface>

namespace moddesk::ui {

void prepareWebEngine()
{
    ItemSchemeHandler::registerScheme(); // WebEngine wants custom schemes before the app
    if (qEnvironmentVariableIntValue("MODDESK_WEB_GPU") == 1) {
        QCoreApplication::setAttribute(Qt::AA_ShareOpenGLContexts); // as WebEngine asks for GL
        return;
    }
    QQuickWindow::setGraphicsApi(QSGRendererInterface::Software);
    // No OpenGL at all, not even the probe WebEngine's start-up makes through the platform:
    // on X11 it loads the GL driver (on Mesa, llvmpipe and all of LLVM: ~55 MiB resident) for
    // nothing. (Someone who set the variable keeps their choice.)
    if (!qEnvironmentVariableIsSet("QT_XCB_GL_INTEGRATION"))
        qputenv("QT_XCB_GL_INTEGRATION", "none");
}

} // namespace moddesk::ui
