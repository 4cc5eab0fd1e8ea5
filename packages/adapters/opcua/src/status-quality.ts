import type { Quality } from '@aethercore/core';
import { StatusCodes, type StatusCode } from 'node-opcua';

/**
 * Reading quality ↔ OPC UA StatusCode (Part 4, 7.39): the two top bits are the severity
 * (00 Good, 01 Uncertain, 10/11 Bad). The server sends the generic codes; the client accepts any
 * sub-code (BadSensorFailure, UncertainLastUsableValue, …) by its severity.
 */
export function statusOf(quality: Quality): StatusCode {
  switch (quality) {
    case 'good':
      return StatusCodes.Good;
    case 'uncertain':
      return StatusCodes.Uncertain;
    case 'bad':
      return StatusCodes.Bad;
  }
}

export function qualityOf(status: StatusCode): Quality {
  const severity = status.value >>> 30;
  return severity === 0 ? 'good' : severity === 1 ? 'uncertain' : 'bad';
}
