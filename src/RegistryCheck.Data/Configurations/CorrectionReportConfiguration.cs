using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using RegistryCheck.Data.Entities;

namespace RegistryCheck.Data.Configurations;

public class CorrectionReportConfiguration : IEntityTypeConfiguration<CorrectionReport>
{
    public void Configure(EntityTypeBuilder<CorrectionReport> b)
    {
        b.ToTable("CorrectionReports");
        b.Ignore(x => x.IsOpen);
        b.Property(x => x.ShownValue).HasMaxLength(FieldLengths.FieldValue);
        b.Property(x => x.ProposedValue).HasMaxLength(FieldLengths.FieldValue);
        b.Property(x => x.Reason).HasMaxLength(FieldLengths.Note);
        b.Property(x => x.CounselorNote).HasMaxLength(FieldLengths.Note);
        b.Property(x => x.ReturnQuestion).HasMaxLength(FieldLengths.Note);
        b.Property(x => x.StudentAnswer).HasMaxLength(FieldLengths.Note);
        b.Property(x => x.RejectionReason).HasMaxLength(FieldLengths.Note);
        b.Property(x => x.Version).IsConcurrencyToken();
        b.HasOne(x => x.Student).WithMany().HasForeignKey(x => x.StudentId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne(x => x.Campaign).WithMany().HasForeignKey(x => x.CampaignId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne(x => x.Batch).WithMany(x => x.Reports).HasForeignKey(x => x.BatchId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(x => new { x.StudentId, x.CampaignId });
        b.HasIndex(x => new { x.CampaignId, x.Status });
    }
}
