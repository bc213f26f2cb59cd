using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using RegistryCheck.Data.Entities;

namespace RegistryCheck.Data.Configurations;

public class StudentCheckConfiguration : IEntityTypeConfiguration<StudentCheck>
{
    public void Configure(EntityTypeBuilder<StudentCheck> b)
    {
        b.Property(x => x.ExemptReason).HasMaxLength(FieldLengths.Note);
        b.Property(x => x.Version).IsConcurrencyToken();
        b.HasOne(x => x.Campaign).WithMany().HasForeignKey(x => x.CampaignId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne(x => x.Student).WithMany().HasForeignKey(x => x.StudentId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(x => new { x.CampaignId, x.StudentId }).IsUnique();
        // The tracking views count by state per campaign and list by state.
        b.HasIndex(x => new { x.CampaignId, x.State });
        b.HasIndex(x => new { x.CampaignId, x.ConfirmedAt });
        // The registrar's daily trend counts first views per day, as it counts confirmations per day.
        b.HasIndex(x => new { x.CampaignId, x.FirstViewedAt });
        // The 学信网 check is counted and listed by state as the portal check is, and trended by day.
        b.Property(x => x.XuexinWrongFields).HasMaxLength(FieldLengths.FieldValue);
        b.HasIndex(x => new { x.CampaignId, x.XuexinState });
        b.HasIndex(x => new { x.CampaignId, x.XuexinFirstRecordedAt });
    }
}
