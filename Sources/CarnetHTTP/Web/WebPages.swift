import CarnetCore
import CarnetFollowUps
import CarnetMail
import CarnetScripting
import CarnetStore
import CarnetTickets
import Foundation
import Hummingbird

/// Mounts the web application: the session middleware, the static files and every page.
///
/// The admin pages get what the API's routes for the same things use: the module gate, the
/// token cache (emptied when a user's role or access changes) and the plugin host.
enum WebPages {
    static let followUpsModuleID = "followups"

    static func register(_ router: Router<CarnetRequestContext>, services: Services, config: CarnetConfig, gate: ModuleGate,
                         authenticator: TokenAuthenticator, plugins: PluginHost) throws {
        let sessions = WebSessionService(clock: services.context.clock)
        let kit = WebKit(services: services, renderer: try WebRenderer.load(), sessions: sessions, bodyLimit: config.bodyLimitBytes,
                         secureCookies: config.publicURL.hasPrefix("https://"), sessionLifetime: 14 * 86_400,
                         loginMaxAttempts: config.loginMaxAttempts, followUps: config.followUps, gate: gate, plugins: plugins)
        // Static files first: the session middleware applies only to the routes added after it.
        try StaticFiles().register(router)
        router.add(middleware: WebSessionMiddleware(sessions: sessions, database: services.database))
        let pages = PageRouter(router: router, kit: kit)
        SignInPages(kit: kit).register(router, pages: pages)
        SatisfactionPages(kit: kit, surveys: SatisfactionService(context: services.context, settings: config.tickets,
                                                                 mail: MailQueue(jobs: services.jobs, settings: config.mail))).register(router)
        TodayPage(kit: kit).register(pages)
        ContactPages(kit: kit).register(pages)
        ContactEditPages(kit: kit).register(pages)
        ContactBulkPages(kit: kit).register(pages)
        CompanyPages(kit: kit).register(pages)
        ImportPages(kit: kit).register(pages)
        PipelinePages(kit: kit).register(pages)
        DealPages(kit: kit).register(pages)
        PluginActionPages(kit: kit).register(pages)
        QuickNotePage(kit: kit).register(pages)
        AccountPages(kit: kit).register(pages)
        AdminPages(kit: kit, gate: gate).register(pages)
        AdminUserPages(kit: kit, authenticator: authenticator).register(pages)
        AdminPipelinePage(kit: kit).register(pages)
        AdminPluginPages(kit: kit, plugins: PluginControl(host: plugins, services: services)).register(pages)
        AdminWebhookPages(kit: kit).register(pages)
    }
}
