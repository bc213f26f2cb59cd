using System.Security.Claims;
using RegistryCheck.Data;
using RegistryCheck.Data.Entities;
using RegistryCheck.Web.Infrastructure.Auth;
using RegistryCheck.Web.Infrastructure.Notifications;

namespace RegistryCheck.Web.Features.Tracking;

/// <summary>
/// What the counselor's page shows once after a reset: the code and until when it works — or, when it went to the
/// student's own e-mail or phone, only where it went (<see cref="Code"/> null).
/// </summary>
public sealed record ResetCodeView(int StudentId, string StudentNumber, string? Code, DateTime ValidUntilUtc, int? CampaignId,
    MessageChannel? SentBy = null, string? SentTo = null);

/// <summary>
/// "Forgot my password": a one-time code replaces the password (ResetCodeIssuer, ADR-018). When a configured channel
/// reaches only the student — contact details the student entered, never a roster phone (often a parent's) nor a
/// WeCom id — the code is sent there and the counselor never sees it; otherwise the counselor is shown it once, to
/// hand over. It is never stored in clear (the outbox copy is removed once sent), and the audit says who reset whom.
/// </summary>
public sealed class ResetPasswordHandler(ResetCodeIssuer issuer, StudentMessages messages, RegistryDbContext db)
{
    public async Task<ResetCodeView?> HandleAsync(ClaimsPrincipal user, StudentRef student, int? campaignId, CancellationToken ct)
    {
        var code = await issuer.IssueAsync(student.Id, student.StudentNumber, "the resetting staff member", ct);
        if (code is null)
        {
            return null;
        }

        var message = await messages.AddStatusMessageAsync(student.Id, null, MessageKind.PasswordReset, null, user.GetUserId(), ct,
            deadline: code.ValidUntilUtc, ownOnly: true, code: code.Code);
        if (message is null)
        {
            return new ResetCodeView(student.Id, student.StudentNumber, code.Code, code.ValidUntilUtc, campaignId);
        }

        await db.SaveChangesAsync(ct);
        messages.Notify();
        return new ResetCodeView(student.Id, student.StudentNumber, null, code.ValidUntilUtc, campaignId, message.Channel, Mask(message.Recipient));
    }

    /// <summary>Enough for the counselor to tell the student where to look, not the whole address.</summary>
    internal static string Mask(string address)
    {
        var at = address.IndexOf('@');
        if (at > 0)
        {
            return address[..1] + "***" + address[at..];
        }

        return address.Length > 7 ? address[..3] + "****" + address[^4..] : "****";
    }
}
