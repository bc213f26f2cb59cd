namespace RegistryCheck.Web.Infrastructure.Notifications;

public static class NotificationSetup
{
    /// <summary>The outbox, its worker and the channels (each off until configured).</summary>
    public static IServiceCollection AddNotifications(this IServiceCollection services)
    {
        services.AddOptions<NotificationOptions>().BindConfiguration(NotificationOptions.Section);
        services.AddSingleton<OutboxSignal>();
        services.AddSingleton<MessageChannels>();
        services.AddSingleton<MessageTexts>();
        services.AddSingleton<IMessageSender, EmailSender>();
        // No request loggers: the gettoken URL carries the secret and message/send the access token (T54).
        services.AddHttpClient(WeComSender.HttpClientName, c => c.Timeout = TimeSpan.FromSeconds(30)).RemoveAllLoggers();
        services.AddSingleton<WeComTokenCache>();
        services.AddSingleton<IMessageSender, WeComSender>();
        services.AddHttpClient(SmsSender.HttpClientName, c => c.Timeout = TimeSpan.FromSeconds(30)).RemoveAllLoggers();
        services.AddSingleton<IMessageSender, SmsSender>();
        services.AddSingleton<OutboxProcessor>();
        services.AddScoped<StudentMessages>();
        services.AddScoped<SmsBudget>();
        services.AddScoped<DeadlineReminders>();
        services.AddScoped<SummaryReminders>();
        services.AddHostedService<OutboxWorker>();
        services.AddHostedService<DeadlineReminderWorker>();
        return services;
    }
}
