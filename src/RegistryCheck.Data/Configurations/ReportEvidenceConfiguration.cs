using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using RegistryCheck.Data.Entities;

namespace RegistryCheck.Data.Configurations;

public class ReportEvidenceConfiguration : IEntityTypeConfiguration<ReportEvidence>
{
    public void Configure(EntityTypeBuilder<ReportEvidence> b)
    {
        b.ToTable("ReportEvidence");
        b.Property(x => x.FileName).HasMaxLength(FieldLengths.FileName);
        b.Property(x => x.ContentType).HasMaxLength(FieldLengths.ContentType);
        b.HasOne(x => x.Report).WithMany(r => r.Evidence).HasForeignKey(x => x.ReportId).OnDelete(DeleteBehavior.Cascade);
    }
}
