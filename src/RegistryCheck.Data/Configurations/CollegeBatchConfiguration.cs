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
        // One draft and one 零报告 per college and campaign, held by the database so that two requests at once
        // cannot make a second one (docs/security.md T52). Double-quoted identifiers are standard SQL: SQLite,
        // PostgreSQL and SQL Server (QUOTED_IDENTIFIER on) all accept the filter; enum values are integers.
        b.HasIndex(x => new { x.CampaignId, x.CollegeId }, "IX_CollegeBatches_OneDraft").IsUnique().HasFilter("\"Status\" = 0");
        b.HasIndex(x => new { x.CampaignId, x.CollegeId }, "IX_CollegeBatches_OneZeroReturn").IsUnique().HasFilter("\"Kind\" = 1");
    }
}
