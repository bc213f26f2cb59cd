using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using RegistryCheck.Data.Entities;

namespace RegistryCheck.Data.Configurations;

public class AuditEntryConfiguration : IEntityTypeConfiguration<AuditEntry>
{
    public void Configure(EntityTypeBuilder<AuditEntry> b)
    {
        b.ToTable("AuditLog");
        b.Property(x => x.ActorName).HasMaxLength(FieldLengths.PersonName);
        b.Property(x => x.Action).HasMaxLength(64);
        b.Property(x => x.TargetType).HasMaxLength(64);
        b.Property(x => x.TargetId).HasMaxLength(64);
        b.Property(x => x.Details).HasMaxLength(2000);
        b.Property(x => x.IpAddress).HasMaxLength(64);
        // Rows written before aggregation stand for one event each.
        b.Property(x => x.Count).HasDefaultValue(1);
        b.HasIndex(x => x.At);
        b.HasIndex(x => new { x.Action, x.At });
        b.HasIndex(x => new { x.ActorUserId, x.At });
    }
}
