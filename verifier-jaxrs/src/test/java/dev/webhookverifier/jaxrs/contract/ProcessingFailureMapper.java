package dev.webhookverifier.jaxrs.contract;

import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;

/** An application's exception mapper: the mapped response passes the response filters before it is written. */
public class ProcessingFailureMapper implements ExceptionMapper<ProcessingFailureMapper.ProcessingFailure> {
    /** What a resource throws when processing failed. */
    public static final class ProcessingFailure extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public ProcessingFailure(String message) {
            super(message);
        }
    }

    @Override
    public Response toResponse(ProcessingFailure exception) {
        return Response.status(500).entity("mapped").build();
    }
}
