package dev.pixelprep.doctor;

import dev.pixelprep.core.PixelprepException;

/** Inputs the doctor cannot compare: shapes that do not correspond, empty, constant or non-finite tensors. */
public class DoctorException extends PixelprepException {
    public DoctorException(String message) {
        super(message);
    }
}
