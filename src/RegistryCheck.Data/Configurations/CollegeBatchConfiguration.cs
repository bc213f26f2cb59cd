using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using RegistryCheck.Data.Entities;

namespace RegistryCheck.Data.Configurations;

public class CollegeBatchConfiguration : IEntityTypeConfiguration<CollegeBatch>
{
    public void Configure(EntityTypeBuilder<CollegeBatch> b)
    {
        b.ToTable("CollegeBatches");
        b.Property(x => x.Version).IsConcurrencyToken();
        b.HasOne(x => x.College).WithMany().HasForeignKey(x => x.CollegeId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne(x => x.Campaign).WithMany().HasForeignKey(x => x.CampaignId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(x => new { x.CampaignId, x.CollegeId, x.Sequence }).IsUnique();
    }
}
