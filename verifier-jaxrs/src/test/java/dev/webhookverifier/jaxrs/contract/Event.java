package dev.webhookverifier.jaxrs.contract;

/** A JSON payload bound by the runtime's JSON provider after verification. */
public class Event {
    public String id;
    public long amount;
    public String note;
}
