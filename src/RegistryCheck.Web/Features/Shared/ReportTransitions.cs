using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using RegistryCheck.Data;
using RegistryCheck.Data.Entities;
using RegistryCheck.Web.Infrastructure.Audit;
using RegistryCheck.Web.Infrastructure.Auth;
using RegistryCheck.Web.Infrastructure.Notifications;
using RegistryCheck.Web.Infrastructure.Time;

namespace RegistryCheck.Web.Features.Shared;

/// <summary>
/// The one way staff move a report: history entry (actor = the staff member's display name), audit row with
/// from/to, the student's check re-derived, and a save that turns a lost race into <see cref="StaffOutcome.ChangedMeanwhile"/>.
/// </summary>
public sealed class ReportTransitions(RegistryDbContext db, StudentChecks checks, CampaignClock clock, AuditLog audit, StudentMessages messages)
{
    private readonly List<(CorrectionReport Report, MessageKind Kind, string? Note, int ActorId)> _toTell = [];

    public DateTime Now => clock.UtcNow;

    /// <summary>The campus's local date: the latest birth date a rule accepts.</summary>
    public DateOnly Today => clock.Today;

    public void Move(CorrectionReport report, ReportStatus to, ClaimsPrincipal actor, string? note)
    {
        var now = clock.UtcNow;
        var from = report.Status;
        report.History.Add(new ReportHistoryEntry
        {
            ReportId = report.Id,
            FromStatus = from,
            ToStatus = to,
            At = now,
            ActorUserId = actor.GetUserId(),
            ActorName = Truncate(actor.Identity?.Name ?? "", 100),
            Note = string.IsNullOrEmpty(note) ? null : Truncate(note, 1000),
        });
        report.Status = to;
        report.UpdatedAt = now;
        audit.Add(AuditActions.ReportStatusChanged, "report", report.Id, $"from={from};to={to}");
        if (KindOf(to) is { } kind)
        {
            _toTell.Add((report, kind, note, actor.GetUserId()));
        }
    }

    /// <summary>The moves a student is told about (issue 17); verifying and batching are staff-internal steps.</summary>
    private static MessageKind? KindOf(ReportStatus to) => to switch
    {
        ReportStatus.ReturnedToStudent => MessageKind.ReportReturned,
        ReportStatus.Corrected => MessageKind.ReportCorrected,
        ReportStatus.Rejected => MessageKind.ReportRejected,
        _ => null,
    };

    /// <summary>
    /// The version the user's form showed becomes the one the UPDATE must still find: a form that is stale
    /// because of a change in another request is caught even though this request loaded the row fresh.
    /// </summary>
    public void Expect(IVersioned entity, int shownVersion) =>
        db.Entry(entity).Property(nameof(IVersioned.Version)).OriginalValue = shownVersion;

    /// <summary>Re-derives the student's state in the report's own campaign (Reported / Resolved).</summary>
    public async Task RecalculateAsync(CorrectionReport report, CancellationToken ct)
    {
        var check = await db.StudentChecks.FirstOrDefaultAsync(c => c.CampaignId == report.CampaignId && c.StudentId == report.StudentId, ct);
        if (check is not null)
        {
            await checks.RecalculateAsync(check, ct);
        }
    }

    public async Task<StaffOutcome> SaveAsync(CancellationToken ct)
    {
        try
        {
            // The message rows are saved with the move itself: a move is never committed without its message.
            foreach (var (report, kind, note, actorId) in _toTell)
            {
                await messages.AddStatusMessageAsync(report.StudentId, report.CampaignId, kind, note, actorId, ct);
            }

            _toTell.Clear();
            await db.SaveChangesAsync(ct);
            messages.Notify();
            return StaffOutcome.Done;
        }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear();
            return StaffOutcome.ChangedMeanwhile;
        }
    }

    public static string Truncate(string value, int max) => value.Length <= max ? value : value[..max];
}
