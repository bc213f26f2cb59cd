using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using RegistryCheck.Data.Entities;

namespace RegistryCheck.Data.Configurations;

public class OutboxMessageConfiguration : IEntityTypeConfiguration<OutboxMessage>
{
    public const int Recipient = FieldLengths.Email;
    public const int Subject = 200;
    public const int Body = 2000;
    public const int Error = 500;

    public void Configure(EntityTypeBuilder<OutboxMessage> b)
    {
        b.Property(x => x.Recipient).HasMaxLength(Recipient);
        b.Property(x => x.DispatchKey).HasMaxLength(36);
        b.Property(x => x.DedupKey).HasMaxLength(100);
        b.Property(x => x.Language).HasMaxLength(10);
        b.Property(x => x.Subject).HasMaxLength(Subject);
        b.Property(x => x.Body).HasMaxLength(Body);
        b.Property(x => x.ValuesJson).HasMaxLength(Body);
        b.Property(x => x.LeaseOwner).HasMaxLength(64);
        b.Property(x => x.LastError).HasMaxLength(Error);
        // The worker's claim: due rows by state and time.
        b.HasIndex(x => new { x.State, x.NextAttemptAt });
        b.HasIndex(x => x.LeaseOwner);
        b.HasIndex(x => x.DispatchKey);
        b.HasIndex(x => x.NudgeId);
        b.HasIndex(x => new { x.StudentId, x.CreatedAt });
        b.HasIndex(x => x.DedupKey).IsUnique();
    }
}
