using RegistryCheck.Web.Infrastructure.Auth;

namespace RegistryCheck.Web.Features.Tracking;

/// <summary>What the counselor's page shows once after a reset: the code and until when it works.</summary>
public sealed record ResetCodeView(int StudentId, string StudentNumber, string Code, DateTime ValidUntilUtc, int? CampaignId);

/// <summary>
/// "Forgot my password": a one-time code replaces the password (ResetCodeIssuer, ADR-018). The counselor is shown
/// it once, to hand to the student; it is never stored in clear, and the audit says who reset whom.
/// </summary>
public sealed class ResetPasswordHandler(ResetCodeIssuer issuer)
{
    public async Task<ResetCodeView?> HandleAsync(StudentRef student, int? campaignId, CancellationToken ct)
    {
        var code = await issuer.IssueAsync(student.Id, student.StudentNumber, "the resetting staff member", ct);
        return code is null ? null : new ResetCodeView(student.Id, student.StudentNumber, code.Code, code.ValidUntilUtc, campaignId);
    }
}
