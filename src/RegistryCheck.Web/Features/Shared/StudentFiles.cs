using Microsoft.EntityFrameworkCore;
using RegistryCheck.Data;
using RegistryCheck.Web.Infrastructure.Mvc;

namespace RegistryCheck.Web.Features.Shared;

/// <summary>
/// The student's own photo and evidence files. The owner is part of every query, so another student's id in
/// the URL finds nothing.
/// </summary>
public sealed class StudentFilesHandler(RegistryDbContext db)
{
    public Task<StoredFile?> PhotoAsync(int studentId, CancellationToken ct) =>
        db.AdmissionPhotos.AsNoTracking()
            .Where(p => p.StudentId == studentId && p.IsCurrent)
            .OrderByDescending(p => p.UploadedAt)
            .Select(p => new StoredFile(p.Content, p.ContentType, "photo"))
            .FirstOrDefaultAsync(ct);

    public Task<StoredFile?> EvidenceAsync(int studentId, int evidenceId, CancellationToken ct) =>
        db.ReportEvidence.AsNoTracking()
            .Where(e => e.Id == evidenceId && e.Report.StudentId == studentId)
            .Select(e => new StoredFile(e.Content, e.ContentType, e.FileName))
            .FirstOrDefaultAsync(ct);
}
