using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using RegistryCheck.Data.Entities;

namespace RegistryCheck.Data;

public class RegistryDbContext(DbContextOptions<RegistryDbContext> options)
    : IdentityDbContext<AppUser, AppRole, int>(options), IDataProtectionKeyContext
{
    public DbSet<College> Colleges => Set<College>();
    public DbSet<Major> Majors => Set<Major>();
    public DbSet<SchoolClass> Classes => Set<SchoolClass>();
    public DbSet<Student> Students => Set<Student>();
    public DbSet<AdmissionPhoto> AdmissionPhotos => Set<AdmissionPhoto>();
    public DbSet<StudentRecordChange> RecordChanges => Set<StudentRecordChange>();
    public DbSet<Campaign> Campaigns => Set<Campaign>();
    public DbSet<CampaignIntakeType> CampaignIntakeTypes => Set<CampaignIntakeType>();
    public DbSet<StudentCheck> StudentChecks => Set<StudentCheck>();
    public DbSet<Nudge> Nudges => Set<Nudge>();
    public DbSet<CorrectionReport> Reports => Set<CorrectionReport>();
    public DbSet<ReportEvidence> ReportEvidence => Set<ReportEvidence>();
    public DbSet<ReportHistoryEntry> ReportHistory => Set<ReportHistoryEntry>();
    public DbSet<CollegeBatch> Batches => Set<CollegeBatch>();
    public DbSet<StaffScope> StaffScopes => Set<StaffScope>();
    public DbSet<AuditEntry> AuditLog => Set<AuditEntry>();
    public DbSet<SignInThrottle> SignInThrottles => Set<SignInThrottle>();
    public DbSet<ImportJob> ImportJobs => Set<ImportJob>();
    public DbSet<UserSession> UserSessions => Set<UserSession>();
    public DbSet<SsoTicketUse> SsoTicketUses => Set<SsoTicketUse>();
    public DbSet<ImportFile> ImportFiles => Set<ImportFile>();
    public DbSet<OutboxMessage> Outbox => Set<OutboxMessage>();
    public DbSet<CampaignMessaging> CampaignMessaging => Set<CampaignMessaging>();
    public DbSet<MessageTemplate> MessageTemplates => Set<MessageTemplate>();
    public DbSet<DataProtectionKey> DataProtectionKeys { get; set; } = null!;

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.ApplyConfigurationsFromAssembly(typeof(RegistryDbContext).Assembly);
    }

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // Every timestamp is UTC. Reading it back with Kind=Utc keeps conversions to local time right on
        // SQLite (which stores text) and satisfies PostgreSQL's timestamptz.
        configurationBuilder.Properties<DateTime>().HaveConversion<UtcDateTimeConverter>();
        configurationBuilder.Properties<DateTime?>().HaveConversion<NullableUtcDateTimeConverter>();
    }

    public override int SaveChanges(bool acceptAllChangesOnSuccess)
    {
        PrepareForSave();
        return base.SaveChanges(acceptAllChangesOnSuccess);
    }

    public override Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        PrepareForSave();
        return base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
    }

    private void PrepareForSave()
    {
        foreach (var entry in ChangeTracker.Entries())
        {
            if (entry.Entity is AuditEntry && entry.State is EntityState.Modified or EntityState.Deleted)
            {
                throw new InvalidOperationException("The audit log is append-only.");
            }

            if (entry.Entity is IVersioned versioned && entry.State == EntityState.Modified)
            {
                versioned.Version++;
            }
        }
    }

    private sealed class UtcDateTimeConverter() : ValueConverter<DateTime, DateTime>(
        v => v.Kind == DateTimeKind.Utc ? v : v.ToUniversalTime(),
        v => DateTime.SpecifyKind(v, DateTimeKind.Utc));

    private sealed class NullableUtcDateTimeConverter() : ValueConverter<DateTime?, DateTime?>(
        v => v == null ? v : v.Value.Kind == DateTimeKind.Utc ? v : v.Value.ToUniversalTime(),
        v => v == null ? v : DateTime.SpecifyKind(v.Value, DateTimeKind.Utc));
}
