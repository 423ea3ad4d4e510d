class Handler {
    /** Handles Recon:IAMUser/UserPermissions. want GDL001:note */
    static final String TYPE = "Recon:IAMUser/UserPermissions"; // want GDL001
    static final String BLOCK = """
        {"type": ["Persistence:IAMUser/NetworkPermissions"]}
        """; // want-1 GDL001
}
