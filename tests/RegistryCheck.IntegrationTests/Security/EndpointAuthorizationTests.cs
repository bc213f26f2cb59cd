using System.Net;
using System.Security.Claims;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using RegistryCheck.Data.Entities;
using RegistryCheck.IntegrationTests.Corrections;
using RegistryCheck.IntegrationTests.Infrastructure;
using RegistryCheck.Web.Infrastructure.Auth;
using Xunit.Abstractions;

namespace RegistryCheck.IntegrationTests.Security;

/// <summary>
/// Every endpoint of the app, taken from its EndpointDataSource (so a new endpoint cannot escape), called anonymously,
/// as each role, and as users of another scope with ids of rows outside it.
/// </summary>
public class EndpointAuthorizationTests(PortalFactory factory, ITestOutputHelper output) : IClassFixture<PortalFactory>
{
    /// <summary>The only endpoints reachable without signing in (template, normalised without the leading slash).</summary>
    public static readonly HashSet<string> AnonymousAllowlist =
    [
        "", "help", "healthz", "error", "error/{status:int}",
        "account/sign-in", "account/staff-sign-in", "account/denied", "account/language",
        // Campus sign-in: starting it, finishing it (the external cookie says who), and the failure page.
        "account/sso/cas", "account/sso/oidc", "account/sso/complete", "account/sso/failed",
        // The code step of a staff sign-in: the password step's two-factor cookie says who.
        "account/two-factor/verify",
    ];

    /// <summary>The rows the calls aim at: all in 经济学院 (2026级经济学1班), owned by one student.</summary>
    public sealed record Targets(
        int StudentId, string StudentNumber, string IdNumber, string Name,
        int ClassId, int CollegeId, int CampaignId,
        int OpenReportId, int BatchedReportId, int BatchId, int EvidenceId, int ImportJobId, int StaffUserId,
        int StudentSessionId, int RegistrarUserId, string DispatchKey);

    /// <summary>Route template + parameter name → the id to put there (a row outside the scope of counselor2/college2 and the other student).</summary>
    public static readonly Dictionary<(string Template, string Parameter), Func<Targets, object>> RouteIds = new()
    {
        [("error/{status:int}", "status")] = _ => 404,
        [("me/evidence/{id:int}", "id")] = t => t.EvidenceId,
        [("me/reports/{id:int}/withdraw", "id")] = t => t.OpenReportId,
        [("me/reports/{id:int}/answer", "id")] = t => t.OpenReportId,
        [("corrections/{id:int}", "id")] = t => t.OpenReportId,
        [("corrections/{id:int}/verify", "id")] = t => t.OpenReportId,
        [("corrections/{id:int}/return", "id")] = t => t.OpenReportId,
        [("corrections/evidence/{id:int}", "id")] = t => t.EvidenceId,
        [("batches/college/remove/{reportId:int}", "reportId")] = t => t.BatchedReportId,
        [("batches/{id:int}", "id")] = t => t.BatchId,
        [("batches/{id:int}/submit", "id")] = t => t.BatchId,
        [("batches/{id:int}/recall", "id")] = t => t.BatchId,
        [("batches/{id:int}/open", "id")] = t => t.BatchId,
        [("batches/{id:int}/export", "id")] = t => t.BatchId,
        [("batches/reports/{reportId:int}/correct", "reportId")] = t => t.BatchedReportId,
        [("batches/reports/{reportId:int}/reject", "reportId")] = t => t.BatchedReportId,
        [("chsi-export/batches/{id:int}/evidence", "id")] = t => t.BatchId,
        [("chsi-export/reports/{id:int}/form", "id")] = t => t.BatchedReportId,
        [("campaigns/{id:int}", "id")] = t => t.CampaignId,
        [("campaigns/{id:int}/deadline", "id")] = t => t.CampaignId,
        [("campaigns/{id:int}/student-deadline", "id")] = t => t.CampaignId,
        [("campaigns/{id:int}/close", "id")] = t => t.CampaignId,
        [("campaigns/{id:int}/identity-rule", "id")] = t => t.CampaignId,
        [("chsi-photos/campaigns/{campaignId:int}", "campaignId")] = t => t.CampaignId,
        [("chsi-photos/campaigns/{campaignId:int}/zip", "campaignId")] = t => t.CampaignId,
        [("campaigns/{id:int}/summary-deadline", "id")] = t => t.CampaignId,
        [("campaigns/{id:int}/xuexin-open", "id")] = t => t.CampaignId,
        [("campaigns/{id:int}/student-intake-type", "id")] = t => t.CampaignId,
        [("import/{id:int}", "id")] = t => t.ImportJobId,
        [("import/{id:int}/progress", "id")] = t => t.ImportJobId,
        [("import/{id:int}/commit", "id")] = t => t.ImportJobId,
        [("import/{id:int}/cancel", "id")] = t => t.ImportJobId,
        [("admin/staff/{id:int}", "id")] = t => t.StaffUserId,
        [("admin/staff/{id:int}/disable", "id")] = t => t.StaffUserId,
        [("admin/staff/{id:int}/enable", "id")] = t => t.StaffUserId,
        [("admin/staff/{id:int}/reset-password", "id")] = t => t.StaffUserId,
        // The registrar's sessions: ended by the administrator after the registrar's own calls, and no later caller uses them.
        [("admin/staff/{id:int}/end-sessions", "id")] = t => t.RegistrarUserId,
        [("admin/staff/{id:int}/reset-two-factor", "id")] = t => t.RegistrarUserId,
        // The target student's session: nobody else may end it.
        [("account/sessions/{id:int}/end", "id")] = t => t.StudentSessionId,
        [("tracking/classes/{id:int}", "id")] = t => t.ClassId,
        [("tracking/classes/{id:int}/export", "id")] = t => t.ClassId,
        [("tracking/classes/{id:int}/nudge", "id")] = t => t.ClassId,
        [("tracking/classes/{id:int}/message", "id")] = t => t.ClassId,
        [("tracking/colleges/{id:int}/message", "id")] = t => t.CollegeId,
        // Issue 17: a send's key (a GUID; "1" is none, so an allowed caller gets 404 — the scope filter of the
        // delivery list is tested in Notifications/EmailDeliveryTests) and an outbox row (registrar only).
        [("tracking/deliveries/{key}", "key")] = t => t.DispatchKey,
        [("notifications/{id:long}/retry", "id")] = _ => 1,
        // A campaign's messaging settings and texts (registrar only; the refusals are in Notifications/MessageTemplateEditorTests).
        [("notifications/campaigns/{campaignId:int}", "campaignId")] = t => t.CampaignId,
        [("notifications/campaigns/{campaignId:int}/settings", "campaignId")] = t => t.CampaignId,
        [("notifications/campaigns/{campaignId:int}/templates", "campaignId")] = t => t.CampaignId,
        [("notifications/campaigns/{campaignId:int}/templates/reset", "campaignId")] = t => t.CampaignId,
        [("tracking/colleges/{id:int}", "id")] = t => t.CollegeId,
        [("tracking/colleges/{id:int}/export", "id")] = t => t.CollegeId,
        [("tracking/colleges/{id:int}/nudge", "id")] = t => t.CollegeId,
        [("tracking/students/{id:int}", "id")] = t => t.StudentId,
        [("tracking/students/{id:int}/photo", "id")] = t => t.StudentId,
        [("tracking/students/{id:int}/nudge", "id")] = t => t.StudentId,
        [("tracking/students/{id:int}/reset-password", "id")] = t => t.StudentId,
        [("tracking/students/{id:int}/exempt", "id")] = t => t.StudentId,
        [("tracking/students/{id:int}/unexempt", "id")] = t => t.StudentId,
    };

    /// <summary>Endpoints without a route id whose form names a row (so an out-of-scope call must be refused and audited).</summary>
    private static readonly HashSet<string> FormTargeted = ["batches/college/add", "batches/college/zero-return"];

    public sealed record Api(string Template, string Method, IReadOnlyList<string> Parameters, bool AllowAnonymous, AuthorizationPolicy? Policy);

    public static string Normalise(string? raw) => (raw ?? "").Trim('/');

    private List<Api> Enumerate()
    {
        var source = factory.Services.GetRequiredService<EndpointDataSource>();
        var policies = factory.Services.GetRequiredService<IAuthorizationPolicyProvider>();
        var list = new List<Api>();
        foreach (var endpoint in source.Endpoints.OfType<RouteEndpoint>())
        {
            var template = Normalise(endpoint.RoutePattern.RawText);
            var methods = endpoint.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods is { Count: > 0 } m ? m : ["GET", "POST"];
            var authorize = endpoint.Metadata.GetOrderedMetadata<IAuthorizeData>();
            var policy = AuthorizationPolicy.CombineAsync(policies, authorize, endpoint.Metadata.GetOrderedMetadata<AuthorizationPolicy>()).GetAwaiter().GetResult();
            var anonymous = endpoint.Metadata.GetMetadata<IAllowAnonymous>() is not null;
            foreach (var method in methods)
            {
                list.Add(new Api(template, method, endpoint.RoutePattern.Parameters.Select(p => p.Name).ToList(), anonymous, policy));
            }
        }

        return list.OrderBy(a => a.Template, StringComparer.Ordinal).ThenBy(a => a.Method, StringComparer.Ordinal).ToList();
    }

    [Fact]
    public void Every_endpoint_is_either_authorized_or_in_the_small_anonymous_allowlist_and_every_route_id_has_a_mapping()
    {
        var apis = Enumerate();
        Assert.True(apis.Count > 50, $"only {apis.Count} endpoints found: is the data source the app's?");
        var problems = new List<string>();
        foreach (var api in apis)
        {
            if (api.AllowAnonymous && !AnonymousAllowlist.Contains(api.Template))
            {
                problems.Add($"{api.Method} /{api.Template} allows anonymous users but is not in the allowlist");
            }

            if (!api.AllowAnonymous && AnonymousAllowlist.Contains(api.Template))
            {
                problems.Add($"{api.Method} /{api.Template} is in the anonymous allowlist but requires a user: shrink the list");
            }

            problems.AddRange(api.Parameters.Where(p => !RouteIds.ContainsKey((api.Template, p)))
                .Select(p => $"{api.Method} /{api.Template}: no out-of-scope id mapping for route parameter '{p}'"));
        }

        // The fallback policy (signed-in user) covers endpoints without [Authorize]; it must stay in place.
        var options = factory.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<AuthorizationOptions>>().Value;
        Assert.NotNull(options.FallbackPolicy);
        Assert.Contains(options.FallbackPolicy!.Requirements, r => r is Microsoft.AspNetCore.Authorization.Infrastructure.DenyAnonymousAuthorizationRequirement);
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    private sealed record Account(string Key, PortalClient Client, string[] Roles, bool IsStudent, int UserId);

    private sealed class Tally
    {
        public int Calls;
        public readonly Dictionary<string, int> Statuses = [];
        public readonly List<string> Failures = [];

        public void Count(string phase, HttpStatusCode status)
        {
            Calls++;
            var key = $"{phase} {(int)status}";
            Statuses[key] = Statuses.GetValueOrDefault(key) + 1;
        }
    }

    [Fact]
    public async Task Every_endpoint_refuses_anonymous_users_wrong_roles_and_other_scopes_without_leaking_or_changing_data()
    {
        var watch = System.Diagnostics.Stopwatch.StartNew();
        var apis = Enumerate();
        var targets = await ArrangeAsync();
        var tally = new Tally();
        var leaks = new[] { targets.StudentNumber, targets.IdNumber, targets.Name };

        var anonymous = factory.NewClient();
        var roles = new List<Account>
        {
            await StudentAsync("student", targets, own: true),
            await StaffAsync("counselor", DemoAccounts.Counselor, DemoAccounts.CounselorPassword, Roles.Counselor),
            await StaffAsync("college", DemoAccounts.College, DemoAccounts.CollegePassword, Roles.CollegeAdmin),
            await StaffAsync("registrar", DemoAccounts.Registrar, DemoAccounts.RegistrarPassword, Roles.Registrar),
            await StaffAsync("admin", DemoAccounts.Admin, DemoAccounts.AdminPassword, Roles.Administrator),
        };
        var others = new List<Account>
        {
            await StudentAsync("other-student", targets, own: false),
            await StaffAsync("counselor2", DemoAccounts.Counselor2, DemoAccounts.Counselor2Password, Roles.Counselor),
            await StaffAsync("college2", DemoAccounts.College2, DemoAccounts.College2Password, Roles.CollegeAdmin),
        };
        var authorization = factory.Services.GetRequiredService<IAuthorizationService>();
        var before = await SnapshotAsync();

        // (a) Anonymous.
        foreach (var api in apis)
        {
            var (response, body) = await CallAsync(anonymous, api, targets, null);
            tally.Count("anonymous", response.StatusCode);
            var where = $"anonymous {api.Method} /{api.Template}";
            Expect((int)response.StatusCode < 500, where, $"status {(int)response.StatusCode}", tally);
            if (AnonymousAllowlist.Contains(api.Template))
            {
                continue;
            }

            Expect(response.StatusCode == HttpStatusCode.Redirect && LocationPath(response).StartsWith("/account/sign-in", StringComparison.Ordinal),
                where, $"expected a redirect to /account/sign-in, got {(int)response.StatusCode} {response.Headers.Location}", tally);
            Expect(!leaks.Any(body.Contains), where, "body contains the target student's data", tally);
            await ExpectUnchangedAsync(before, where, tally);
        }

        // (b1) Each role on the endpoints its role does not allow: refused before anything runs.
        foreach (var account in roles)
        {
            foreach (var api in apis.Where(a => !a.AllowAnonymous && !Allows(authorization, a, account)))
            {
                var (response, body) = await CallAsync(account.Client, api, targets, account);
                tally.Count("wrong-role", response.StatusCode);
                var where = $"{account.Key} {api.Method} /{api.Template}";
                Expect(response.StatusCode == HttpStatusCode.Redirect && LocationPath(response).StartsWith("/account/denied", StringComparison.Ordinal),
                    where, $"expected a redirect to /account/denied, got {(int)response.StatusCode} {response.Headers.Location}", tally);
                Expect(!leaks.Any(body.Contains), where, "body contains the target student's data", tally);
                await ExpectUnchangedAsync(before, where, tally);
            }
        }

        // (c) Users of another scope (another student, counselor2, college2 of 信息学院) with the ids of 经济学院 rows.
        foreach (var account in others)
        {
            foreach (var api in apis.Where(a => !a.AllowAnonymous && a.Template != "account/sign-out"))
            {
                var where = $"{account.Key} {api.Method} /{api.Template}";
                var allowed = Allows(authorization, api, account);
                var targeted = api.Parameters.Count > 0 || FormTargeted.Contains(api.Template);
                var deniedBefore = await DeniedAuditsAsync(account.UserId);
                var (response, body) = await CallAsync(account.Client, api, targets, account);
                tally.Count("other-scope", response.StatusCode);
                Expect((int)response.StatusCode < 500, where, $"status {(int)response.StatusCode}", tally);
                Expect(!leaks.Any(body.Contains), where, "body contains the out-of-scope student's data", tally);
                if (!allowed)
                {
                    Expect(LocationPath(response).StartsWith("/account/denied", StringComparison.Ordinal), where,
                        $"expected /account/denied, got {(int)response.StatusCode} {response.Headers.Location}", tally);
                    await ExpectUnchangedAsync(before, where, tally);
                    continue;
                }

                if (!targeted)
                {
                    // The user's own pages and actions (a list, their own confirmation): no other scope's data in them.
                    before = await SnapshotAsync();
                    continue;
                }

                var refused = response.StatusCode == HttpStatusCode.NotFound
                    || (response.StatusCode == HttpStatusCode.Redirect && LocationPath(response).StartsWith("/account/denied", StringComparison.Ordinal));
                Expect(refused, where, $"expected 404 for a row out of scope, got {(int)response.StatusCode} {response.Headers.Location}", tally);
                await ExpectUnchangedAsync(before, where, tally);
                if (!account.IsStudent && response.StatusCode == HttpStatusCode.NotFound)
                {
                    Expect(await DeniedAuditsAsync(account.UserId) > deniedBefore, where, "no access-denied audit entry", tally);
                }
            }
        }

        // (b2) Each role on the endpoints it may use (the sign-out last): never a 500, never a refused antiforgery token.
        foreach (var account in roles)
        {
            foreach (var api in apis.Where(a => !a.AllowAnonymous && Allows(authorization, a, account)).OrderBy(a => a.Template == "account/sign-out"))
            {
                var (response, _) = await CallAsync(account.Client, api, targets, account);
                tally.Count("allowed", response.StatusCode);
                var where = $"{account.Key} {api.Method} /{api.Template}";
                if (response.StatusCode == HttpStatusCode.NotFound)
                {
                    output.WriteLine($"  allowed but 404: {where}");
                }

                Expect((int)response.StatusCode < 500 && response.StatusCode != HttpStatusCode.BadRequest, where, $"status {(int)response.StatusCode}", tally);
                Expect(!LocationPath(response).StartsWith("/account/sign-in", StringComparison.Ordinal) || api.Template == "account/sign-out",
                    where, "the signed-in user was sent to the sign-in page", tally);
            }
        }

        output.WriteLine($"{apis.Count} endpoint×method pairs ({apis.Select(a => a.Template).Distinct().Count()} route templates), {tally.Calls} calls in {watch.Elapsed.TotalSeconds:F1} s");
        foreach (var (k, v) in tally.Statuses.OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            output.WriteLine($"  {k}: {v}");
        }

        Assert.True(tally.Failures.Count == 0, $"{tally.Failures.Count} failures:\n" + string.Join("\n", tally.Failures.Take(80)));
    }

    private static void Expect(bool ok, string where, string what, Tally tally)
    {
        if (!ok)
        {
            tally.Failures.Add($"{where}: {what}");
        }
    }

    private static string LocationPath(HttpResponseMessage response) =>
        response.Headers.Location is { } l ? (l.IsAbsoluteUri ? l.PathAndQuery : l.OriginalString) : "";

    private static bool Allows(IAuthorizationService authorization, Api api, Account account)
    {
        var identity = new ClaimsIdentity("test", ClaimTypes.Name, ClaimTypes.Role);
        identity.AddClaim(new Claim(ClaimTypes.Name, account.Key));
        identity.AddClaims(account.Roles.Select(r => new Claim(ClaimTypes.Role, r)));
        if (account.IsStudent)
        {
            identity.AddClaim(new Claim(AppClaims.StudentId, "1"));
        }

        var policy = api.Policy ?? new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build();
        return authorization.AuthorizeAsync(new ClaimsPrincipal(identity), null, policy).GetAwaiter().GetResult().Succeeded;
    }

    private readonly Dictionary<PortalClient, string> _tokens = [];

    private async Task<(HttpResponseMessage Response, string Body)> CallAsync(PortalClient client, Api api, Targets t, Account? account)
    {
        var path = "/" + api.Template;
        foreach (var p in api.Parameters)
        {
            var value = RouteIds.TryGetValue((api.Template, p), out var f) ? f(t) : 1;
            path = System.Text.RegularExpressions.Regex.Replace(path, "\\{" + p + "(:[^}]*)?\\}", Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture)!);
        }

        HttpResponseMessage response;
        if (api.Method == "GET")
        {
            response = await client.Http.GetAsync(path + $"?campaign={t.CampaignId}");
        }
        else
        {
            if (!_tokens.TryGetValue(client, out var token))
            {
                token = await client.TokenFromAsync(account is null ? "/account/sign-in" : "/account/password");
                _tokens[client] = token;
            }

            var version = await VersionAsync(api.Template, t);
            var fields = new List<KeyValuePair<string, string>>
            {
                new("__RequestVerificationToken", token),
                new("version", version.ToString(System.Globalization.CultureInfo.InvariantCulture)),
                new("reportIds", t.BatchedReportId.ToString(System.Globalization.CultureInfo.InvariantCulture)),
                new("reportIds", t.OpenReportId.ToString(System.Globalization.CultureInfo.InvariantCulture)),
                new("batchId", t.BatchId.ToString(System.Globalization.CultureInfo.InvariantCulture)),
                new("studentId", t.StudentId.ToString(System.Globalization.CultureInfo.InvariantCulture)),
                new("campaign", t.CampaignId.ToString(System.Globalization.CultureInfo.InvariantCulture)),
                new("campaignId", t.CampaignId.ToString(System.Globalization.CultureInfo.InvariantCulture)),
                new("collegeId", t.CollegeId.ToString(System.Globalization.CultureInfo.InvariantCulture)),
                new("Note", "核实无误"), new("reason", "材料不全"), new("answer", "已补充"), new("Message", "请尽快核对"),
                new("Field", "Ethnicity"), new("Kind", "Correction"), new("ProposedValue", "回族"), new("AcknowledgedHints", "true"),
                new("Deadline", "2026-12-31T18:00"), new("Date", "2026-12-31"), new("culture", "en"), new("returnUrl", "/"),
                new("matchBy", "ExamNumber"), new("Name", "2027级新生学籍信息核对"), new("Cohort", "2027"),
            };
            response = await client.Http.PostAsync(path, new FormUrlEncodedContent(fields));
        }

        var body = response.Content.Headers.ContentType?.MediaType is { } type && (type.StartsWith("text/", StringComparison.Ordinal) || type.Contains("json"))
            ? await response.Content.ReadAsStringAsync()
            : "";
        return (response, body);
    }

    /// <summary>The current version of the row a POST aims at, so a refusal is for the scope, not a stale version.</summary>
    private Task<int> VersionAsync(string template, Targets t) => factory.WithDbAsync(async db =>
        template switch
        {
            _ when template.StartsWith("batches/reports/", StringComparison.Ordinal) || template.StartsWith("batches/college/remove", StringComparison.Ordinal) =>
                await db.Reports.Where(r => r.Id == t.BatchedReportId).Select(r => r.Version).FirstOrDefaultAsync(),
            _ when template.StartsWith("batches/", StringComparison.Ordinal) => await db.Batches.Where(b => b.Id == t.BatchId).Select(b => b.Version).FirstOrDefaultAsync(),
            _ when template.StartsWith("corrections/", StringComparison.Ordinal) || template.StartsWith("me/reports", StringComparison.Ordinal) =>
                await db.Reports.Where(r => r.Id == t.OpenReportId).Select(r => r.Version).FirstOrDefaultAsync(),
            _ when template.StartsWith("campaigns/", StringComparison.Ordinal) => await db.Campaigns.Where(c => c.Id == t.CampaignId).Select(c => c.Version).FirstOrDefaultAsync(),
            _ when template.StartsWith("import/", StringComparison.Ordinal) => await db.ImportJobs.Where(j => j.Id == t.ImportJobId).Select(j => j.Version).FirstOrDefaultAsync(),
            _ => 0,
        });

    private Task<int> DeniedAuditsAsync(int userId) =>
        factory.WithDbAsync(db => db.AuditLog.CountAsync(a => a.Action == "access-denied" && a.ActorUserId == userId));

    private static readonly JsonSerializerOptions SnapshotJson = new() { ReferenceHandler = ReferenceHandler.IgnoreCycles };

    /// <summary>Every row of the tables a call could change (audit and throttle rows excepted): equal text = unchanged data.</summary>
    private Task<string> SnapshotAsync() => factory.WithDbAsync(async db =>
    {
        var sb = new StringBuilder();
        void Add<T>(string name, List<T> rows) => sb.Append(name).Append(JsonSerializer.Serialize(rows, SnapshotJson)).Append('\n');
        Add("students", await db.Students.AsNoTracking().OrderBy(s => s.Id).ToListAsync());
        Add("users", await db.Users.AsNoTracking().OrderBy(u => u.Id).Select(u => new { u.Id, u.PasswordHash, u.SecurityStamp, u.LockoutEnd, u.AccessFailedCount }).ToListAsync());
        Add("photos", await db.AdmissionPhotos.AsNoTracking().OrderBy(p => p.Id).Select(p => new { p.Id, p.StudentId, p.IsCurrent, p.SizeBytes }).ToListAsync());
        Add("campaigns", await db.Campaigns.AsNoTracking().OrderBy(c => c.Id).ToListAsync());
        Add("checks", await db.StudentChecks.AsNoTracking().OrderBy(c => c.Id).ToListAsync());
        Add("nudges", await db.Nudges.AsNoTracking().OrderBy(n => n.Id).ToListAsync());
        Add("reports", await db.Reports.AsNoTracking().OrderBy(r => r.Id).ToListAsync());
        Add("evidence", await db.ReportEvidence.AsNoTracking().OrderBy(e => e.Id).Select(e => new { e.Id, e.ReportId, e.SizeBytes }).ToListAsync());
        Add("history", await db.ReportHistory.AsNoTracking().CountAsync() is var h ? [h] : new List<int>());
        Add("batches", await db.Batches.AsNoTracking().OrderBy(b => b.Id).ToListAsync());
        Add("scopes", await db.StaffScopes.AsNoTracking().ToListAsync());
        Add("changes", await db.RecordChanges.AsNoTracking().CountAsync() is var c ? [c] : new List<int>());
        Add("jobs", await db.ImportJobs.AsNoTracking().OrderBy(j => j.Id).ToListAsync());
        Add("colleges", await db.Colleges.AsNoTracking().CountAsync() is var k ? [k, await db.Classes.CountAsync(), await db.Majors.CountAsync()] : new List<int>());
        return sb.ToString();
    });

    private async Task ExpectUnchangedAsync(string before, string where, Tally tally)
    {
        var now = await SnapshotAsync();
        if (now != before)
        {
            var a = before.Split('\n');
            var b = now.Split('\n');
            var changed = a.Zip(b).Where(p => p.First != p.Second).Select(p => p.First.Split('[')[0]);
            tally.Failures.Add($"{where}: a refused call changed the database ({string.Join(", ", changed)})");
        }
    }

    private async Task<Account> StaffAsync(string key, string user, string password, string role)
    {
        var client = factory.NewClient();
        var response = await client.SignInStaffAsync(user, password);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var id = await factory.WithDbAsync(db => db.Users.Where(u => u.UserName == user).Select(u => u.Id).SingleAsync());
        return new Account(key, client, [role], false, id);
    }

    private TestStudent? _target;
    private PortalClient? _targetClient;

    private async Task<Account> StudentAsync(string key, Targets t, bool own)
    {
        if (own)
        {
            return new Account(key, _targetClient!, [Roles.Student], true, await UserIdOf(_target!.StudentNumber));
        }

        var (other, client) = await TestStudents.SignedInAsync(factory, "2026级经济学1班");
        return new Account(key, client, [Roles.Student], true, await UserIdOf(other.StudentNumber));
    }

    private Task<int> UserIdOf(string userName) => factory.WithDbAsync(db => db.Users.Where(u => u.UserName == userName).Select(u => u.Id).SingleAsync());

    /// <summary>A 经济学院 student with a photo, a report in a submitted batch and an open report, both with evidence; an import job.</summary>
    private async Task<Targets> ArrangeAsync()
    {
        var steps = new CorrectionSteps(factory);
        (_target, _targetClient) = await TestStudents.SignedInAsync(factory, "2026级经济学1班", withPhoto: true);
        var png = RegistryCheck.Web.Infrastructure.Files.DemoPhotoGenerator.Create(7);
        var batched = await steps.ReportAsync(_targetClient, _target.Id, RecordField.Ethnicity, "回族", "户口本为回族", [("Evidence", "hukou.png", png, "image/png")]);
        var open = await steps.ReportAsync(_targetClient, _target.Id, RecordField.PoliticalStatus, "中共党员", "入党了", [("Evidence", "proof.png", png, "image/png")]);
        using var counselor = await steps.CounselorAsync();
        await steps.ReviewAsync(counselor, batched, "verify", "核实无误");
        using var college = await steps.CollegeAsync();
        var batchId = await steps.SubmitBatchAsync(college, batched);
        var registrarId = await UserIdOf(DemoAccounts.Registrar);
        return await factory.WithDbAsync(async db =>
        {
            var student = await db.Students.AsNoTracking().SingleAsync(s => s.Id == _target.Id);
            var job = new ImportJob { Kind = ImportKind.Roster, Status = ImportStatus.Failed, FileName = "old.csv", CreatedByUserId = registrarId, CreatedAt = factory.Clock.GetUtcNow().UtcDateTime, Error = "test" };
            db.ImportJobs.Add(job);
            // A nudge to the target student, so that the delivery page has a send outside the others' scope.
            var dispatch = Guid.NewGuid().ToString("D");
            db.Outbox.Add(new OutboxMessage
            {
                Channel = MessageChannel.Email, Kind = MessageKind.Nudge, Recipient = "target@stu.example.edu.cn", StudentId = student.Id,
                DispatchKey = dispatch, Body = "test", State = OutboxState.Sent, CreatedAt = factory.Clock.GetUtcNow().UtcDateTime,
            });
            await db.SaveChangesAsync();
            return new Targets(
                student.Id, student.StudentNumber, student.IdNumber, student.Name,
                student.ClassId, student.CollegeId,
                await db.StudentChecks.Where(c => c.StudentId == student.Id).Select(c => c.CampaignId).FirstAsync(),
                open, batched, batchId,
                await db.ReportEvidence.Where(e => e.ReportId == open).Select(e => e.Id).FirstAsync(),
                job.Id,
                await db.Users.Where(u => u.UserName == DemoAccounts.Counselor2).Select(u => u.Id).SingleAsync(),
                await db.UserSessions.Where(x => x.UserId == db.Users.Where(u => u.StudentId == student.Id).Select(u => u.Id).Single()).Select(x => x.Id).FirstAsync(),
                registrarId, dispatch);
        });
    }
}
